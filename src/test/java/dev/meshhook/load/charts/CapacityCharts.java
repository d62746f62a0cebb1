package dev.meshhook.load.charts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.figures.StepTable;
import dev.meshhook.load.figures.Usl;
import dev.meshhook.load.html.Templates;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The stress report's two capacity charts, drawn with uPlot like the timelines ({@code
 * capacity.js}): throughput and webhook p99 against the offered rate, one point per step; and the
 * Universal Scalability Law's curve over the stable steps it was fitted to (concurrency from
 * Little's law against completions per second), with the measured points on it.
 */
public final class CapacityCharts {
  public static final String DATA_ID = "capacity-data";
  private static final ObjectMapper JSON = new ObjectMapper();
  // Enough samples for a smooth curve at the chart's width; the points are added to them.
  private static final int CURVE_SAMPLES = 60;

  private CapacityCharts() {}

  /** The charts' placeholders, their data and the script that draws them. */
  public static String section(List<StepTable.Step> steps, Usl usl) {
    return Templates.render(
        "capacity-charts",
        Map.of(
            "dataId", DATA_ID,
            "data", json(steps, usl),
            "dir", ChartAssets.DIR,
            "uplot", ChartAssets.UPLOT_JS,
            "capacity", ChartAssets.CAPACITY_JS));
  }

  static String json(List<StepTable.Step> steps, Usl usl) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode offered = root.putObject("offered");
    ArrayNode x = offered.putArray("x");
    ArrayNode completed = offered.putArray("completed");
    ArrayNode accepted = offered.putArray("accepted");
    ArrayNode p99 = offered.putArray("p99");
    for (StepTable.Step s : steps) {
      number(x, s.window().offered());
      number(completed, s.completedPerSec());
      number(accepted, s.acceptedPerSec());
      number(p99, s.p99Ms());
    }
    ObjectNode curve = root.putObject("usl");
    curve.put("verdict", usl.verdict().label());
    // One x axis for both series: the curve's samples and the measured points, merged; the
    // measured series is null between its points and the curve is null when there is no fit.
    TreeSet<Double> xs = new TreeSet<>();
    double maxPoint = 0;
    for (Usl.Point p : usl.points()) {
      xs.add(p.concurrency());
      maxPoint = Math.max(maxPoint, p.concurrency());
    }
    boolean fitted = Double.isFinite(usl.lambda());
    if (fitted && maxPoint > 0) {
      // Far enough to show the peak when it is near, never so far that the points shrink to a dot.
      double to =
          Double.isFinite(usl.peakConcurrency())
              ? Math.min(Math.max(1.2 * maxPoint, 1.1 * usl.peakConcurrency()), 3 * maxPoint)
              : 2 * maxPoint;
      for (int i = 0; i <= CURVE_SAMPLES; i++) {
        xs.add(to * i / CURVE_SAMPLES);
      }
    }
    ArrayNode cx = curve.putArray("x");
    ArrayNode model = curve.putArray("model");
    ArrayNode measured = curve.putArray("measured");
    for (double n : xs) {
      number(cx, n);
      number(model, fitted ? usl.throughputAt(n) : Double.NaN);
      double at = Double.NaN;
      for (Usl.Point p : usl.points()) {
        if (p.concurrency() == n) {
          at = p.throughput();
        }
      }
      number(measured, at);
    }
    try {
      return JSON.writeValueAsString(root).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void number(ArrayNode to, double v) {
    if (Double.isFinite(v)) {
      to.add(Math.round(v * 1000) / 1000.0);
    } else {
      to.addNull();
    }
  }
}
