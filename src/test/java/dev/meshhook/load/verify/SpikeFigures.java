package dev.meshhook.load.verify;

import dev.meshhook.load.config.SuiteConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What a spike did, from the ledger: the failed share of the webhooks sent during the burst, and
 * the seconds from the burst's end until the per-second p99 of answers is back within the warn
 * margin of the p99 before the burst, with no failures in that second.
 */
public final class SpikeFigures {
  private SpikeFigures() {}

  /** The figures as classification rows. */
  public static List<Classification.Row> rows(SuiteConfig.SpikeShape shape, List<LedgerEntry> ledger, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    if (ledger.isEmpty()) {
      return rows;
    }
    long start = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow();
    long burstStart = start + shape.baseDuration().toMillis();
    long burstEnd = burstStart + shape.burstDuration().toMillis();
    List<LedgerEntry> before = new ArrayList<>();
    List<LedgerEntry> burst = new ArrayList<>();
    for (LedgerEntry e : ledger) {
      if (e.sentEpochMs() < burstStart) {
        before.add(e);
      } else if (e.sentEpochMs() < burstEnd) {
        burst.add(e);
      }
    }
    rows.add(Classification.atMost("burst failed", HttpFigures.of(burst).failedPercent(), "%",
        shape.thresholds().maxFailedPercent(), margin));
    long baseP99 = HttpFigures.of(before).latency().p99();
    double allowed = Math.max(baseP99 * (1 + margin), baseP99 + 5); // 5 ms of slack for a quiet base
    long last = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).max().orElseThrow();
    double recovery = -1;
    for (long second = burstEnd; second <= last; second += 1000) {
      long from = second;
      List<LedgerEntry> window = ledger.stream().filter(e -> e.sentEpochMs() >= from && e.sentEpochMs() < from + 1000).toList();
      HttpFigures f = HttpFigures.of(window);
      if (!window.isEmpty() && f.failedPercent() == 0 && f.latency().p99() <= allowed) {
        recovery = (second - burstEnd) / 1000.0;
        break;
      }
    }
    // Never back within the run: count it as the whole time after the burst, which fails.
    double value = recovery >= 0 ? recovery : Math.max(shape.maxRecoverySeconds() + 1, (last - burstEnd) / 1000.0);
    rows.add(Classification.noMoreThan("recovery", value, "s", shape.maxRecoverySeconds(), margin));
    return rows;
  }
}
