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
 * before the fault, with answer p99 within the threshold. For a replica left dead, each surviving
 * replica's own recovery on the webhooks it was sent, and the fault's when the last of them is back
 * (without knowing which replica each webhook went to, the survivors' answers together: see {@link
 * #survivorsRecovered}).
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
      double recovered;
      java.util.SortedMap<Integer, Double> perReplica =
          survivorsEach(shape, ledger, f, faults, last);
      if (!perReplica.isEmpty()) {
        // Back when the last survivor is back; one that never is keeps the fault unrecovered.
        recovered =
            perReplica.values().stream().anyMatch(v -> v < 0)
                ? -1
                : perReplica.values().stream().mapToDouble(Double::doubleValue).max().orElse(-1);
      } else if (f.kind().equals(FaultLog.REPLICA_KILL)) {
        recovered = survivorsRecovered(shape, ledger, f, last);
      } else {
        recovered = acceptedRecovered(shape, ledger, f, last);
      }
      rows.add(
          Classification.noMoreThan(
              name + " recovery",
              unrecoveredAsLong(recovered, shape, f, last),
              "s",
              shape.maxRecoverySeconds(),
              margin));
      for (var survivor : perReplica.entrySet()) {
        rows.add(
            Classification.noMoreThan(
                name + " recovery of replica " + survivor.getKey(),
                unrecoveredAsLong(survivor.getValue(), shape, f, last),
                "s",
                shape.maxRecoverySeconds(),
                margin));
      }
    }
    return rows;
  }

  /**
   * A recovery that never came counts as longer than allowed, and as long as the rest of the run.
   */
  private static double unrecoveredAsLong(
      double recovered, ChaosShape shape, FaultLog.Fault f, long last) {
    return recovered >= 0
        ? recovered
        : Math.max(shape.maxRecoverySeconds() + 1, (last - f.endEpochMs()) / 1000.0);
  }

  /**
   * For a replica left dead, when the ledger says which replica each webhook went to: each
   * surviving replica's own recovery, measured on the webhooks it was sent (the first second after
   * the fault in which it accepted 90 % of its rate before, within the p99 threshold; -1 never), by
   * replica index. Empty for any other fault, or without that attribution.
   */
  private static java.util.SortedMap<Integer, Double> survivorsEach(
      ChaosShape shape,
      List<LedgerEntry> ledger,
      FaultLog.Fault f,
      List<FaultLog.Fault> faults,
      long last) {
    java.util.SortedMap<Integer, Double> each = new java.util.TreeMap<>();
    if (f.killedReplica().isEmpty()) {
      return each;
    }
    // Dead by now: this fault's replica and any an earlier fault killed (they stay dead).
    java.util.Set<Integer> dead = new java.util.HashSet<>();
    for (Availability.DeadReplica d : Availability.DeadReplica.of(faults)) {
      if (d.fromEpochMs() <= f.startEpochMs()) {
        dead.add(d.replica());
      }
    }
    // A survivor is a replica alive that accepted webhooks before the fault: a baseline of none
    // would call any second recovered.
    java.util.Set<Integer> survivors = new java.util.TreeSet<>();
    for (LedgerEntry e :
        Recovery.between(ledger, f.startEpochMs() - BASELINE_MS, f.startEpochMs())) {
      if (e.replica() >= 0 && !dead.contains(e.replica()) && e.accepted()) {
        survivors.add(e.replica());
      }
    }
    for (int s : survivors) {
      List<LedgerEntry> own = ledger.stream().filter(e -> e.replica() == s).toList();
      each.put(s, acceptedRecovered(shape, own, f, last));
    }
    return each;
  }

  /** The first second after the fault with 90 % of the accepted rate before it; -1 if none. */
  private static double acceptedRecovered(
      ChaosShape shape, List<LedgerEntry> ledger, FaultLog.Fault f, long last) {
    double baseline =
        Recovery.between(ledger, f.startEpochMs() - BASELINE_MS, f.startEpochMs()).stream()
                .filter(LedgerEntry::accepted)
                .count()
            / (BASELINE_MS / 1000.0);
    for (long second = f.endEpochMs(); second + 1000 <= last; second += 1000) {
      List<LedgerEntry> window = Recovery.between(ledger, second, second + 1000);
      long accepted = window.stream().filter(LedgerEntry::accepted).count();
      if (accepted >= 0.9 * baseline
          && HttpFigures.of(window).latency().p99() < shape.thresholds().p99Ms()) {
        return (second - f.endEpochMs()) / 1000.0;
      }
    }
    return -1;
  }

  /**
   * A replica killed and left dead: the webhooks round robin still sends it are refused at connect
   * for the rest of the run, so the rate cannot come back; what can is the surviving replicas'
   * answers. The first second after the fault in which the webhooks that got an answer were
   * accepted at 90 % of the share before it, within the p99 threshold; -1 if none.
   */
  private static double survivorsRecovered(
      ChaosShape shape, List<LedgerEntry> ledger, FaultLog.Fault f, long last) {
    List<LedgerEntry> before =
        Recovery.between(ledger, f.startEpochMs() - BASELINE_MS, f.startEpochMs()).stream()
            .filter(LedgerEntry::answered)
            .toList();
    if (before.isEmpty()) {
      return -1;
    }
    double share = before.stream().filter(LedgerEntry::accepted).count() / (double) before.size();
    for (long second = f.endEpochMs(); second + 1000 <= last; second += 1000) {
      List<LedgerEntry> answered =
          Recovery.between(ledger, second, second + 1000).stream()
              .filter(LedgerEntry::answered)
              .toList();
      long accepted = answered.stream().filter(LedgerEntry::accepted).count();
      if (!answered.isEmpty()
          && accepted >= 0.9 * share * answered.size()
          && HttpFigures.of(answered).latency().p99() < shape.thresholds().p99Ms()) {
        return (second - f.endEpochMs()) / 1000.0;
      }
    }
    return -1;
  }
}
