package dev.meshhook.load.verify;

import dev.meshhook.load.config.HealthShape;
import dev.meshhook.load.config.MixedShape;
import java.util.ArrayList;
import java.util.List;

/** Latency and failures of one kind of non-webhook request, from the operation log. */
public final class OperationFigures {
  private OperationFigures() {}

  /** "name p95", "name p99" and "name failed" rows for the operation's requests, if any ran. */
  public static List<Classification.Row> rows(List<OperationLog.Operation> operations, String name, int p95Ms, int p99Ms,
      double maxFailedPercent, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    List<OperationLog.Operation> named = operations.stream().filter(o -> o.name().equals(name)).toList();
    rows.add(Classification.info(name + " requests", named.size(), ""));
    if (named.isEmpty()) {
      return rows;
    }
    Latency latency = Latency.of(named.stream().mapToLong(OperationLog.Operation::millis).toArray());
    double failed = 100.0 * named.stream().filter(o -> !o.ok()).count() / named.size();
    rows.add(Classification.atMost(name + " p95", latency.p95(), "ms", p95Ms, margin));
    rows.add(Classification.atMost(name + " p99", latency.p99(), "ms", p99Ms, margin));
    rows.add(Classification.atMost(name + " failed", failed, "%", maxFailedPercent, margin));
    return rows;
  }

  /** Mixed traffic: each operation's effective share, then latency and failures per kind of read. */
  public static List<Classification.Row> mixed(MixedShape shape, Evidence evidence, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    shape.percentages().forEach((op, percent) -> rows.add(Classification.info("share of " + op, percent, "%")));
    List<OperationLog.Operation> operations = evidence.operations().operations();
    var t = shape.thresholds();
    for (String name : List.of("read run", "list runs", "health")) {
      rows.addAll(rows(operations, name, t.p95Ms(), t.p99Ms(), t.maxFailedPercent(), margin));
    }
    rows.addAll(StreamFigures.rows(evidence, t.p95Ms(), t.p99Ms(), margin));
    return rows;
  }

  /** Health checks under load: their latency against the health thresholds, and their failures. */
  public static List<Classification.Row> health(HealthShape shape, Evidence evidence, double margin) {
    return rows(evidence.operations().operations(), "health", shape.healthP95Ms(), shape.healthP99Ms(),
        shape.thresholds().maxFailedPercent(), margin);
  }
}
