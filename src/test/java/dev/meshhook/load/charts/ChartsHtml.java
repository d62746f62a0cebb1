package dev.meshhook.load.charts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.html.Templates;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The verification report's "Over time" section: a placeholder per chart, the timelines as JSON
 * inline in the page, and the scripts in {@code lib/} ({@link ChartAssets}) that draw them. The
 * data sit in the page itself, so the one HTML file and its {@code lib/} folder are the whole
 * report.
 */
public final class ChartsHtml {
  public static final String DATA_ID = "timelines-data";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChartsHtml() {}

  /** What goes into the page's head. */
  public static String head() {
    return Templates.render(
        "charts-head", Map.of("dir", ChartAssets.DIR, "css", ChartAssets.UPLOT_CSS));
  }

  public static String section(Timelines t) {
    Map<String, Object> model = new HashMap<>();
    model.put(
        "startedAt",
        t.startEpochMs() > 0 ? Instant.ofEpochMilli(t.startEpochMs()).toString() : null);
    model.put("bucket", t.bucketSeconds() + (t.bucketSeconds() == 1 ? " second" : " seconds"));
    model.put("charts", t.charts());
    model.put("faults", t.faults().stream().map(ChartsHtml::faultRow).toList());
    model.put("dataId", DATA_ID);
    model.put("data", json(t));
    model.put("dir", ChartAssets.DIR);
    model.put("uplot", ChartAssets.UPLOT_JS);
    model.put("timelines", ChartAssets.TIMELINES_JS);
    return Templates.render("charts-section", model);
  }

  private static Map<String, String> faultRow(FaultBand f) {
    String detail = f.detail().length() > 300 ? f.detail().substring(0, 300) + " …" : f.detail();
    return Map.of(
        "kind", f.kind(),
        "from", seconds(f.fromSeconds()),
        "to", seconds(f.toSeconds()),
        "lasted", seconds(f.toSeconds() - f.fromSeconds()),
        "detail", detail);
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  /** The drawable charts and the fault bands, NaN as null; safe inside a script element. */
  static String json(Timelines t) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode faults = root.putArray("faults");
    for (FaultBand f : t.faults()) {
      faults
          .addObject()
          .put("kind", f.kind())
          .put("from", f.fromSeconds())
          .put("to", f.toSeconds());
    }
    ArrayNode charts = root.putArray("charts");
    for (Timeline c : t.charts()) {
      if (!c.drawable()) {
        continue;
      }
      ObjectNode chart =
          charts.addObject().put("id", c.id()).put("title", c.title()).put("unit", c.unit());
      numbers(chart.putArray("x"), c.x());
      ArrayNode series = chart.putArray("series");
      for (TimelineSeries s : c.series()) {
        numbers(series.addObject().put("label", s.label()).putArray("values"), s.values());
      }
    }
    try {
      // "</script>" inside the data would end the element early; JSON allows "\/" for "/".
      return JSON.writeValueAsString(root).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void numbers(ArrayNode to, double[] values) {
    for (double v : values) {
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        to.addNull();
      } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        to.add((long) v);
      } else {
        to.add(Math.round(v * 1000) / 1000.0);
      }
    }
  }
}
