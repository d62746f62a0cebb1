package dev.meshhook.load.figures;

import dev.meshhook.load.ledger.LedgerEntry;
import java.util.List;

/**
 * Seconds from the end of a burst (or of the stairs) until the answers are back to normal: the
 * first one-second window whose answers all got what they expected and whose p99 is within the warn
 * margin of the calm p99 (plus 5 ms of slack for a quiet baseline).
 */
final class Recovery {
  private Recovery() {}

  /** The seconds, or -1 when the answers never came back within the run. */
  static double seconds(List<LedgerEntry> ledger, long fromEpochMs, long calmP99, double margin) {
    double allowed = Math.max(calmP99 * (1 + margin), calmP99 + 5);
    long last = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).max().orElse(fromEpochMs);
    for (long second = fromEpochMs; second <= last; second += 1000) {
      long from = second;
      List<LedgerEntry> window =
          ledger.stream()
              .filter(e -> e.sentEpochMs() >= from && e.sentEpochMs() < from + 1000)
              .toList();
      HttpFigures f = HttpFigures.of(window);
      if (!window.isEmpty() && f.failedPercent() == 0 && f.latency().p99() <= allowed) {
        return (second - fromEpochMs) / 1000.0;
      }
    }
    return -1;
  }

  /**
   * As a classification row; never recovering counts as the whole time after {@code from}, which
   * fails.
   */
  static Classification.Row row(
      List<LedgerEntry> ledger, long fromEpochMs, long calmP99, int maxSeconds, double margin) {
    double seconds = seconds(ledger, fromEpochMs, calmP99, margin);
    long last = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).max().orElse(fromEpochMs);
    double value = seconds >= 0 ? seconds : Math.max(maxSeconds + 1, (last - fromEpochMs) / 1000.0);
    return Classification.noMoreThan("recovery", value, "s", maxSeconds, margin);
  }

  static List<LedgerEntry> between(List<LedgerEntry> ledger, long fromEpochMs, long toEpochMs) {
    return ledger.stream()
        .filter(e -> e.sentEpochMs() >= fromEpochMs && e.sentEpochMs() < toEpochMs)
        .toList();
  }
}
