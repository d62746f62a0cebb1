package dev.meshhook.load.verify;

import dev.meshhook.load.config.SoakShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift over a long run: the steady phase is cut into windows and a least-squares slope per minute
 * is fitted to each window's webhook p99, the engine's lowest old-generation sample (what survives
 * collection) and the database's highest connection count. A heap or connection slope past its
 * limit is reported as a leak.
 */
public final class SoakFigures {
  private SoakFigures() {}

  public static List<Classification.Row> rows(SoakShape shape, Evidence evidence, double margin) {
    return rows(shape, evidence.ledger(), ResourceSampler.read(evidence.folder()), margin);
  }

  static List<Classification.Row> rows(SoakShape shape, List<LedgerEntry> ledger, List<ResourceSampler.Sample> samples, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    if (ledger.isEmpty()) {
      return rows;
    }
    long steady = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow() + shape.rampDuration().toMillis();
    long window = shape.window().toMillis();
    int windows = (int) (shape.duration().toMillis() / window);
    double[] minutes = new double[windows];
    double[] p99 = new double[windows];
    double[] oldGen = new double[windows];
    double[] connections = new double[windows];
    for (int w = 0; w < windows; w++) {
      long from = steady + w * window;
      long to = from + window;
      minutes[w] = (w + 0.5) * window / 60_000.0;
      List<LedgerEntry> entries = Recovery.between(ledger, from, to);
      p99[w] = entries.isEmpty() ? Double.NaN : HttpFigures.of(entries).latency().p99();
      oldGen[w] = samples.stream().filter(s -> s.epochMs() >= from && s.epochMs() < to && !Double.isNaN(s.oldGenMb()))
          .mapToDouble(ResourceSampler.Sample::oldGenMb).min().orElse(Double.NaN);
      connections[w] = samples.stream().filter(s -> s.epochMs() >= from && s.epochMs() < to && !Double.isNaN(s.dbConnections()))
          .mapToDouble(ResourceSampler.Sample::dbConnections).max().orElse(Double.NaN);
    }
    rows.add(Classification.info("windows", windows, "x " + shape.window().toSeconds() + " s"));
    rows.add(Classification.info("first window p99", p99[0], "ms"));
    rows.add(Classification.info("last window p99", p99[windows - 1], "ms"));
    rows.add(Classification.noMoreThan("p99 drift", Slope.of(minutes, p99), "ms/min", shape.maxP99SlopeMsPerMin(), margin));
    if (measured(oldGen)) {
      rows.add(Classification.noMoreThan("leak: old gen trend", Slope.of(minutes, oldGen), "MB/min", shape.maxHeapSlopeMbPerMin(), margin));
    } else {
      rows.add(Classification.info("leak: old gen trend not measured (no /metrics samples)", 0, ""));
    }
    if (measured(connections)) {
      rows.add(Classification.noMoreThan("leak: DB connections trend", Slope.of(minutes, connections), "/min",
          shape.maxConnectionSlopePerMin(), margin));
    } else {
      rows.add(Classification.info("leak: DB connections trend not measured (no samples)", 0, ""));
    }
    return rows;
  }

  private static boolean measured(double[] values) {
    return java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).count() >= 2;
  }
}
