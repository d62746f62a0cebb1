package dev.meshhook.load.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.figures.HttpFigures;

/**
 * Figures as verification.json and results.json write them: one without a value (no samples) is
 * null, never 0 and never Jackson's string "NaN", so a reader cannot take it for a measurement.
 */
public final class JsonFigures {
  private JsonFigures() {}

  /**
   * {@code count, p50, p95, p99, max} into {@code node}; the percentiles are null over no samples.
   */
  public static ObjectNode latency(ObjectNode node, Latency l) {
    node.put("count", l.count());
    number(node, "p50", l.p50OrNaN());
    number(node, "p95", l.p95OrNaN());
    number(node, "p99", l.p99OrNaN());
    number(node, "max", l.maxOrNaN());
    return node;
  }

  /**
   * The webhook answers: {@code sent, latency {...}, failedPercent, successPercent, ratePerSecond}.
   */
  public static ObjectNode http(ObjectNode node, HttpFigures http) {
    node.put("sent", http.sent());
    latency(node.putObject("latency"), http.latency());
    number(node, "failedPercent", http.failedPercent());
    number(node, "successPercent", http.successPercent());
    number(node, "ratePerSecond", http.ratePerSecond());
    return node;
  }

  /** A number, or null when it has no value. */
  public static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
