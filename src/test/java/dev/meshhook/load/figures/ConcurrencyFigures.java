package dev.meshhook.load.figures;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.config.ConcurrencyShape;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.OperationLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Per level of concurrent users: runs accepted per second, webhook p99, the time to follow a run to
 * its end (trigger to terminal event), and the engine's CPU, heap and database connections while
 * the level lasted; plus the streams that never saw their run end.
 */
public final class ConcurrencyFigures {
  private ConcurrencyFigures() {}

  public static List<Classification.Row> rows(
      ConcurrencyShape shape, Evidence evidence, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    List<LedgerEntry> ledger = evidence.ledger();
    if (ledger.isEmpty()) {
      return rows;
    }
    OperationLog.Contents log = evidence.operations();
    List<ResourceSampler.Sample> samples = evidence.resources();
    long start = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow();
    long length = shape.levelDuration().toMillis();
    for (int level = 0; level < shape.levels().size(); level++) {
      long from = start + level * length;
      long to = from + length;
      String name = "level " + shape.levels().get(level) + " users";
      List<LedgerEntry> entries = Recovery.between(ledger, from, to);
      rows.add(
          Classification.info(
              name + ": runs accepted",
              entries.stream().filter(LedgerEntry::accepted).count() / (length / 1000.0),
              "/s"));
      rows.add(
          Classification.info(
              name + ": webhook p99", HttpFigures.of(entries).latency().p99OrNaN(), "ms"));
      rows.add(
          Classification.info(
              name + ": run followed p99",
              Latency.of(
                      log.named("stream logs").stream()
                          .filter(o -> o.startEpochMs() >= from && o.startEpochMs() < to)
                          .mapToLong(OperationLog.Operation::millis)
                          .toArray())
                  .p99OrNaN(),
              "ms"));
      List<ResourceSampler.Sample> during = ResourceFigures.between(samples, from, to);
      rows.add(
          Classification.info(
              name + ": engine CPU mean",
              ResourceFigures.mean(during, ResourceSampler.Sample::cpuPercent),
              "%"));
      rows.add(
          Classification.info(
              name + ": engine heap max",
              ResourceFigures.max(during, ResourceSampler.Sample::heapMb),
              "MB"));
      rows.add(
          Classification.info(
              name + ": DB connections max",
              ResourceFigures.max(during, ResourceSampler.Sample::dbConnections),
              ""));
    }
    long unfinished = log.named("stream logs").stream().filter(o -> !o.ok()).count();
    rows.add(
        Classification.noMoreThan("runs not followed to their end", unfinished, "", 0, margin));
    return rows;
  }
}
