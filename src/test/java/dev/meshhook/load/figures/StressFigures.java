package dev.meshhook.load.figures;

import dev.meshhook.load.config.StressShape;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the stairs showed, from the ledger: each level's p99 and failed share, the breaking point
 * (the highest level, counted from the bottom, within the thresholds), the answers that were
 * neither expected nor load shed politely (429 or 503 with Retry-After), and the seconds to recover
 * after the top level.
 */
public final class StressFigures {
  private StressFigures() {}

  public static List<Classification.Row> rows(StressShape shape, Evidence evidence, double margin) {
    return rows(shape, evidence.ledger(), margin);
  }

  static List<Classification.Row> rows(StressShape shape, List<LedgerEntry> ledger, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    if (ledger.isEmpty()) {
      // No stairs were climbed: the breaking point is unknown, not 0.
      rows.add(
          Classification.reaches(
              "breaking point", Double.NaN, "webhooks/s", shape.minBreakingPoint(), margin));
      return rows;
    }
    long start = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow();
    double breakingPoint = 0;
    double brokeAt = Double.NaN;
    for (int level = 0; level < shape.levels(); level++) {
      long from = start + shape.levelStart(level).toMillis();
      HttpFigures f =
          HttpFigures.of(Recovery.between(ledger, from, from + shape.levelDuration().toMillis()));
      String name =
          String.format(Locale.ROOT, "level %s/s", Classification.number(shape.rateOf(level)));
      rows.add(Classification.info(name + " p99", f.latency().p99OrNaN(), "ms"));
      rows.add(Classification.info(name + " failed", f.failedPercent(), "%"));
      boolean within =
          f.sent() > 0
              && f.latency().p99() < shape.thresholds().p99Ms()
              && f.failedPercent() < shape.thresholds().maxFailedPercent();
      if (Double.isNaN(brokeAt)) {
        if (within) {
          breakingPoint = shape.rateOf(level);
        } else {
          brokeAt = shape.rateOf(level);
        }
      }
    }
    rows.add(
        Classification.reaches(
            "breaking point", breakingPoint, "webhooks/s", shape.minBreakingPoint(), margin));
    if (!Double.isNaN(brokeAt)) {
      rows.add(Classification.info("broke at", brokeAt, "webhooks/s"));
    }
    rows.add(
        Classification.info(
            "shed politely (429/503 with Retry-After)",
            ledger.stream().filter(LedgerEntry::shedPolitely).count(),
            "requests"));
    long improper =
        ledger.stream().filter(e -> e.status() != e.expectedStatus() && !e.shedPolitely()).count();
    rows.add(Classification.noMoreThan("other failed answers", improper, "requests", 0, margin));
    long baseP99 =
        HttpFigures.of(Recovery.between(ledger, start, start + shape.levelDuration().toMillis()))
            .latency()
            .p99();
    rows.add(
        Recovery.row(
            ledger,
            start + shape.stairsEnd().toMillis(),
            baseP99,
            shape.maxRecoverySeconds(),
            margin));
    return rows;
  }
}
