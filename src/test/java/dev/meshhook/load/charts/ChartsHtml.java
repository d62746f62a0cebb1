package dev.meshhook.load.charts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

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
    return "<link rel=\"stylesheet\" href=\""
        + ChartAssets.DIR
        + "/"
        + ChartAssets.UPLOT_CSS
        + "\">"
        + "<style>.chart{margin:1rem 0 1.5rem}.chart h3{font-size:14px;margin:.2rem 0}.note{color:#57606a;font-style:italic}"
        + ".u-title{font-size:14px!important}</style>";
  }

  public static String section(Timelines t) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<h2>Over time</h2>");
    if (t.startEpochMs() > 0) {
      b.append("<p>Time axis: seconds since the run's start (")
          .append(Instant.ofEpochMilli(t.startEpochMs()))
          .append("). Ledger figures are counted in buckets of ")
          .append(t.bucketSeconds())
          .append(t.bucketSeconds() == 1 ? " second" : " seconds")
          .append("; resources are drawn as sampled.")
          .append(
              t.faults().isEmpty() ? "" : " Shaded bands are the faults injected (table below).")
          .append("</p>");
    }
    for (Timeline c : t.charts()) {
      if (c.drawable()) {
        b.append("<div class=\"chart\" id=\"chart-").append(esc(c.id())).append("\"></div>");
      } else {
        b.append("<div class=\"chart\" id=\"chart-")
            .append(esc(c.id()))
            .append("\"><h3>")
            .append(esc(c.title()))
            .append("</h3><p class=\"note\">")
            .append(esc(c.note()))
            .append("</p></div>");
      }
    }
    if (!t.faults().isEmpty()) {
      b.append(
          "<h3>Faults</h3><table><tr><th class=l>fault</th><th>from</th><th>to</th><th>lasted</th><th class=l>what happened</th></tr>");
      for (FaultBand f : t.faults()) {
        String detail =
            f.detail().length() > 300 ? f.detail().substring(0, 300) + " …" : f.detail();
        b.append("<tr><td class=l>")
            .append(esc(f.kind()))
            .append("</td>")
            .append(
                String.format(
                    Locale.ROOT,
                    "<td>%.1f s</td><td>%.1f s</td><td>%.1f s</td>",
                    f.fromSeconds(),
                    f.toSeconds(),
                    f.toSeconds() - f.fromSeconds()))
            .append("<td class=l>")
            .append(esc(detail))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    b.append("<script type=\"application/json\" id=\"")
        .append(DATA_ID)
        .append("\">")
        .append(json(t))
        .append("</script>")
        .append("<script src=\"")
        .append(ChartAssets.DIR)
        .append('/')
        .append(ChartAssets.UPLOT_JS)
        .append("\"></script>")
        .append("<script src=\"")
        .append(ChartAssets.DIR)
        .append('/')
        .append(ChartAssets.TIMELINES_JS)
        .append("\"></script>");
    return b.toString();
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

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
