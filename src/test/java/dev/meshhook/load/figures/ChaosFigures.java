package dev.meshhook.load.figures;

import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per injected fault: its kind, how long it lasted, and the seconds from its end until the engine
 * is back: the first one-second window whose accepted webhooks reach 90 % of the rate in the 10 s
 * before the fault, with answer p99 within the threshold.
 */
public final class ChaosFigures {
  private static final long BASELINE_MS = 10_000;

  private ChaosFigures() {}

  public static List<Classification.Row> rows(ChaosShape shape, Evidence evidence, double margin) {
    return rows(shape, evidence.ledger(), evidence.faults(), margin);
  }

  static List<Classification.Row> rows(
      ChaosShape shape, List<LedgerEntry> ledger, List<FaultLog.Fault> faults, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    rows.add(Classification.info("faults injected", faults.size(), ""));
    long last = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).max().orElse(0);
    int n = 0;
    for (FaultLog.Fault f : faults) {
      n++;
      String name = String.format(Locale.ROOT, "fault %d %s", n, f.kind());
      rows.add(
          Classification.info(name + " lasted", (f.endEpochMs() - f.startEpochMs()) / 1000.0, "s"));
      if (f.kind().equals("manual-edit")) {
        continue; // after the load: nothing to recover
      }
      double baseline =
          Recovery.between(ledger, f.startEpochMs() - BASELINE_MS, f.startEpochMs()).stream()
                  .filter(LedgerEntry::accepted)
                  .count()
              / (BASELINE_MS / 1000.0);
      double recovered = -1;
      for (long second = f.endEpochMs(); second + 1000 <= last; second += 1000) {
        List<LedgerEntry> window = Recovery.between(ledger, second, second + 1000);
        long accepted = window.stream().filter(LedgerEntry::accepted).count();
        if (accepted >= 0.9 * baseline
            && HttpFigures.of(window).latency().p99() < shape.thresholds().p99Ms()) {
          recovered = (second - f.endEpochMs()) / 1000.0;
          break;
        }
      }
      double value =
          recovered >= 0
              ? recovered
              : Math.max(shape.maxRecoverySeconds() + 1, (last - f.endEpochMs()) / 1000.0);
      rows.add(
          Classification.noMoreThan(
              name + " recovery", value, "s", shape.maxRecoverySeconds(), margin));
    }
    return rows;
  }
}
