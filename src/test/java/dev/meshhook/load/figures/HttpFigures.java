package dev.meshhook.load.figures;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.List;

/**
 * The webhook answers as the ledger saw them: latency from send to answer (or to the failure, for a
 * webhook that got none), the share of requests that did not get the answer they expected (no
 * answer counts as failed), and the share of correctly signed webhooks that were accepted. Computed
 * from the ledger, so a re-verification gives the same figures, and a deployment's run is judged
 * the same way. A share with nothing to count (no request sent, no signed webhook among them) is
 * NaN: not measured, never 0 % or 100 %.
 */
public record HttpFigures(
    long sent, Latency latency, double failedPercent, double successPercent, double ratePerSecond) {
  public static HttpFigures of(List<LedgerEntry> ledger) {
    return of(ledger, false);
  }

  /**
   * As {@link #of(List)}; where the profile allows shedding, a 429 or 503 with Retry-After is an
   * answer it expects, not a failure (the accepted share still shows how much was shed).
   */
  public static HttpFigures of(List<LedgerEntry> ledger, boolean allowsShedding) {
    // A webhook that failed with no answer counts until its failure was known, as Gatling counts
    // it: leaving it out made the latency look better the more webhooks timed out (at 10,000
    // users, p99 52 s where Gatling said 60 s, with 7 % of the webhooks unanswered).
    long[] millis =
        ledger.stream()
            .filter(LedgerEntry::ended)
            .mapToLong(e -> Math.max(0, e.answeredEpochMs() - e.sentEpochMs()))
            .toArray();
    long failed =
        ledger.stream()
            .filter(e -> e.status() != e.expectedStatus())
            .filter(e -> !(allowsShedding && e.shedPolitely()))
            .count();
    long signed = ledger.stream().filter(e -> e.expectedStatus() == 202).count();
    long accepted = ledger.stream().filter(e -> e.expectedStatus() == 202 && e.accepted()).count();
    long first = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElse(0);
    long last = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).max().orElse(0);
    double seconds = Math.max(1, last - first) / 1000.0;
    return new HttpFigures(
        ledger.size(),
        Latency.of(millis),
        ledger.isEmpty() ? Double.NaN : 100.0 * failed / ledger.size(),
        signed == 0 ? Double.NaN : 100.0 * accepted / signed,
        ledger.size() < 2 ? 0 : ledger.size() / seconds);
  }
}
