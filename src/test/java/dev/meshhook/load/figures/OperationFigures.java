package dev.meshhook.load.figures;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.config.HealthShape;
import dev.meshhook.load.config.MixedShape;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.OperationLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Latency and failures of one kind of non-webhook request, from the operation log. */
public final class OperationFigures {
  private OperationFigures() {}

  /**
   * "name p95", "name p99" and "name failed" rows for the operation's requests. When none ran, an
   * {@code expected} operation's rows are judged as not measured (they fail); one the profile does
   * not send (a weight of 0) is reported by its count alone.
   */
  public static List<Classification.Row> rows(
      List<OperationLog.Operation> operations,
      String name,
      int p95Ms,
      int p99Ms,
      double maxFailedPercent,
      double margin,
      boolean expected) {
    List<Classification.Row> rows = new ArrayList<>();
    List<OperationLog.Operation> named =
        operations.stream().filter(o -> o.name().equals(name)).toList();
    rows.add(Classification.info(name + " requests", named.size(), ""));
    if (named.isEmpty() && !expected) {
      return rows;
    }
    Latency latency =
        Latency.of(named.stream().mapToLong(OperationLog.Operation::millis).toArray());
    double failed =
        named.isEmpty()
            ? Double.NaN
            : 100.0 * named.stream().filter(o -> !o.ok()).count() / named.size();
    rows.add(Classification.atMost(name + " p95", latency.p95OrNaN(), "ms", p95Ms, margin));
    rows.add(Classification.atMost(name + " p99", latency.p99OrNaN(), "ms", p99Ms, margin));
    rows.add(Classification.atMost(name + " failed", failed, "%", maxFailedPercent, margin));
    return rows;
  }

  /**
   * Mixed traffic: each operation's effective share, then latency and failures per kind of read.
   */
  public static List<Classification.Row> mixed(MixedShape shape, Evidence evidence, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    shape
        .percentages()
        .forEach((op, percent) -> rows.add(Classification.info("share of " + op, percent, "%")));
    List<OperationLog.Operation> operations = evidence.operations().operations();
    var t = shape.thresholds();
    Map<String, Double> shares = shape.percentages();
    // {operation as configured, its name in the operation log}
    for (String[] op :
        new String[][] {{"readRun", "read run"}, {"listRuns", "list runs"}, {"health", "health"}}) {
      rows.addAll(
          rows(
              operations,
              op[1],
              t.p95Ms(),
              t.p99Ms(),
              t.maxFailedPercent(),
              margin,
              shares.get(op[0]) > 0));
    }
    // Mixed streams follow runs that already exist, mostly finished: catch-up, so a live event is
    // judged when there is one but not required (the livelogs profile requires them).
    rows.addAll(StreamFigures.rows(evidence, t.p95Ms(), t.p99Ms(), margin, false));
    return rows;
  }

  /** Health checks under load: their latency against the health thresholds, and their failures. */
  public static List<Classification.Row> health(
      HealthShape shape, Evidence evidence, double margin) {
    return rows(
        evidence.operations().operations(),
        "health",
        shape.healthP95Ms(),
        shape.healthP99Ms(),
        shape.thresholds().maxFailedPercent(),
        margin,
        true);
  }
}
