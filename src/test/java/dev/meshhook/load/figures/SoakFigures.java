package dev.meshhook.load.figures;

import dev.meshhook.load.config.SoakShape;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift over a long run: the steady phase is cut into windows and a least-squares slope per minute
 * is fitted to each window's webhook p99, the engine's old generation after its last collection
 * (what survives collection) and the database's highest connection count. A heap or connection
 * slope past its limit is reported as a leak. The heap is judged only when the old generation was
 * collected during at least three windows: before its first collection the old generation only
 * fills (promotion, warm-up), which says nothing about a leak. A target that publishes no heap
 * figure at all, or too few connection samples for a slope, leaves that leak unknown.
 */
public final class SoakFigures {
  private SoakFigures() {}

  public static List<Classification.Row> rows(SoakShape shape, Evidence evidence, double margin) {
    return rows(shape, evidence.ledger(), evidence.resources(), margin);
  }

  static List<Classification.Row> rows(
      SoakShape shape,
      List<LedgerEntry> ledger,
      List<ResourceSampler.Sample> samples,
      double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    if (ledger.isEmpty()) {
      rows.add(
          Classification.noMoreThan(
              "p99 drift", Double.NaN, "ms/min", shape.maxP99SlopeMsPerMin(), margin));
      return rows;
    }
    long steady =
        ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow()
            + shape.rampDuration().toMillis();
    long window = shape.window().toMillis();
    int windows = (int) (shape.duration().toMillis() / window);
    double[] minutes = new double[windows];
    double[] p99 = new double[windows];
    double[] liveData = new double[windows];
    double[] connections = new double[windows];
    for (int w = 0; w < windows; w++) {
      long from = steady + w * window;
      long to = from + window;
      minutes[w] = (w + 0.5) * window / 60_000.0;
      List<LedgerEntry> entries = Recovery.between(ledger, from, to);
      p99[w] = entries.isEmpty() ? Double.NaN : HttpFigures.of(entries).latency().p99();
      List<ResourceSampler.Sample> during = ResourceFigures.between(samples, from, to);
      // 0 until the old generation's first collection: not yet a figure.
      liveData[w] =
          ResourceFigures.max(
              during.stream().filter(s -> s.liveDataMb() > 0).toList(),
              ResourceSampler.Sample::liveDataMb);
      connections[w] = ResourceFigures.max(during, ResourceSampler.Sample::dbConnections);
    }
    rows.add(Classification.info("windows", windows, "x " + shape.window().toSeconds() + " s"));
    rows.add(Classification.info("first window p99", p99[0], "ms"));
    rows.add(Classification.info("last window p99", p99[windows - 1], "ms"));
    rows.add(
        Classification.noMoreThan(
            "p99 drift", Slope.of(minutes, p99), "ms/min", shape.maxP99SlopeMsPerMin(), margin));
    long collected = java.util.Arrays.stream(liveData).filter(v -> !Double.isNaN(v)).count();
    boolean heapPublished =
        ResourceFigures.between(samples, steady, steady + windows * window).stream()
            .anyMatch(s -> !Double.isNaN(s.liveDataMb()));
    if (collected >= 3 || !heapPublished) {
      // A target that publishes no heap figure leaves the leak unknown (NaN slope), not judged.
      rows.add(
          Classification.noMoreThan(
              "leak: heap after collection trend",
              Slope.of(minutes, liveData),
              "MB/min",
              shape.maxHeapSlopeMbPerMin(),
              margin));
    } else {
      rows.add(
          Classification.info(
              "leak: heap not judged, windows with an old-generation collection",
              collected,
              "of " + windows));
    }
    // Fewer than two windows with a sample give no slope (NaN): unknown, never a pass.
    rows.add(
        Classification.noMoreThan(
            "leak: DB connections trend",
            Slope.of(minutes, connections),
            "/min",
            shape.maxConnectionSlopePerMin(),
            margin));
    return rows;
  }
}
