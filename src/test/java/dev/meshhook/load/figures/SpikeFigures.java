package dev.meshhook.load.figures;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What a spike did, from the ledger: the failed share of the webhooks sent during the burst, and
 * the seconds from the burst's end until the answers are back to the base phase's p99 (see {@link
 * Recovery}).
 */
public final class SpikeFigures {
  private SpikeFigures() {}

  /** The figures as classification rows. */
  public static List<Classification.Row> rows(
      SuiteConfig.SpikeShape shape, Evidence evidence, double margin) {
    return rows(shape, evidence.ledger(), margin);
  }

  static List<Classification.Row> rows(
      SuiteConfig.SpikeShape shape, List<LedgerEntry> ledger, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    if (ledger.isEmpty()) {
      rows.add(
          Classification.atMost(
              "burst failed", Double.NaN, "%", shape.thresholds().maxFailedPercent(), margin));
      rows.add(
          Classification.noMoreThan(
              "recovery", Double.NaN, "s", shape.maxRecoverySeconds(), margin));
      return rows;
    }
    long start = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow();
    long burstStart = start + shape.baseDuration().toMillis();
    long burstEnd = burstStart + shape.burstDuration().toMillis();
    rows.add(
        Classification.atMost(
            "burst failed",
            HttpFigures.of(Recovery.between(ledger, burstStart, burstEnd)).failedPercent(),
            "%",
            shape.thresholds().maxFailedPercent(),
            margin));
    long baseP99 = HttpFigures.of(Recovery.between(ledger, start, burstStart)).latency().p99();
    rows.add(Recovery.row(ledger, burstEnd, baseP99, shape.maxRecoverySeconds(), margin));
    return rows;
  }
}
