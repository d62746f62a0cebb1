package dev.meshhook.load.figures;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.evidence.GatlingLog;
import dev.meshhook.load.ledger.LedgerEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * One run's webhook latency measured twice, by the harness's ledger and by Gatling, over the same
 * webhooks (correctly and wrongly signed), both as nearest-rank percentiles. The two intervals
 * nest: the ledger's holds Gatling's plus the harness's own steps around the request (building the
 * request before Gatling's clock starts, handing the answer to its first check after it stops), so
 * the ledger's figure is never lower than Gatling's by more than rounding, and a large gap means
 * one of them leaves something out (issue 15: Gatling p99 37.7 s, ledger 3.5 s at 10,000 users).
 *
 * @param ledger what the classification judges ({@link HttpFigures#latency()})
 * @param gatling the same webhooks from Gatling's simulation.log, or why it could not be read
 */
public record WebhookLatency(Latency ledger, Gatling gatling) {
  /** Gatling's request name of a correctly signed webhook. */
  public static final String WEBHOOK = "webhook";

  /** Gatling's request name of a webhook signed wrongly on purpose (expects 401). */
  public static final String WEBHOOK_BAD_SIGNATURE = "webhook (bad signature)";

  /** How close the two must be at p95 and p99 (issue 15); shown, not judged. */
  public static final double AGREEMENT_PERCENT = 10;

  public static final String LEDGER_FROM_TO =
      "from the harness's chain step just before the request to the answer's first check";
  public static final String LEDGER_MEASURES =
      "Stamped by the harness before Gatling builds, signs and sends the request (so a wait for a"
          + " connection counts) and by the first check Gatling runs on the whole answer; a webhook"
          + " with no answer counts until its failure. The classification judges this one.";
  public static final String GATLING_FROM_TO =
      "from Gatling's HTTP client starting the request to the last byte of the answer";
  public static final String GATLING_MEASURES =
      "Gatling's own timing from simulation.log, the records its report is computed from (the"
          + " report's t-digest percentiles may differ slightly): connecting counts; a webhook with"
          + " no answer counts until its failure.";

  /**
   * Gatling's figure: {@code latency} and {@code failed} are null when {@code notRead} says why.
   */
  public record Gatling(Latency latency, Long failed, String version, String notRead) {
    static Gatling notRead(String why) {
      return new Gatling(null, null, null, why);
    }

    public boolean read() {
      return notRead == null;
    }
  }

  /**
   * Both figures for the run in {@code folder}; Gatling's is read from its simulation.log, which is
   * complete only once Gatling has closed it (in a simulation's {@code after()}, or later).
   */
  public static WebhookLatency of(List<LedgerEntry> ledger, Path folder) {
    GatlingLog.Read log;
    try {
      log =
          GatlingLog.read(
              folder,
              GatlingLog.gatlingVersion(),
              Set.of(WEBHOOK, WEBHOOK_BAD_SIGNATURE)::contains);
    } catch (IOException e) {
      return new WebhookLatency(
          HttpFigures.of(ledger).latency(), Gatling.notRead(String.valueOf(e.getMessage())));
    }
    return of(ledger, log);
  }

  /** Both figures, from the ledger and the webhook requests Gatling recorded. */
  public static WebhookLatency of(List<LedgerEntry> ledger, GatlingLog.Read log) {
    List<GatlingLog.Request> webhooks =
        log.requests().stream()
            .filter(r -> r.name().equals(WEBHOOK) || r.name().equals(WEBHOOK_BAD_SIGNATURE))
            .toList();
    return new WebhookLatency(
        HttpFigures.of(ledger).latency(),
        new Gatling(
            Latency.of(webhooks.stream().mapToLong(GatlingLog.Request::millis).toArray()),
            webhooks.stream().filter(r -> !r.ok()).count(),
            log.gatlingVersion(),
            null));
  }

  /**
   * How much higher the ledger's percentile is than Gatling's, in % of Gatling's; NaN when
   * Gatling's figure is missing or zero.
   */
  public double ledgerOverGatlingPercent(ToLongFunction<Latency> percentile) {
    if (!gatling.read() || ledger.count() == 0 || gatling.latency().count() == 0) {
      return Double.NaN;
    }
    long g = percentile.applyAsLong(gatling.latency());
    long l = percentile.applyAsLong(ledger);
    return g == 0 ? (l == 0 ? 0 : Double.NaN) : 100.0 * (l - g) / g;
  }

  /**
   * How many milliseconds the ledger's percentile exceeds Gatling's; empty when Gatling's figure is
   * missing. Shown beside the percentage: at a few milliseconds, one is already 10 %, and each
   * figure is a difference of millisecond stamps.
   */
  public OptionalLong ledgerOverGatlingMillis(ToLongFunction<Latency> percentile) {
    if (!gatling.read() || ledger.count() == 0 || gatling.latency().count() == 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(
        percentile.applyAsLong(ledger) - percentile.applyAsLong(gatling.latency()));
  }

  /** {@code +2 ms (+14.3 %)}, or {@code n/a} when there is nothing to compare. */
  public String gap(ToLongFunction<Latency> percentile) {
    OptionalLong millis = ledgerOverGatlingMillis(percentile);
    return millis.isEmpty()
        ? "n/a"
        : String.format(
            Locale.ROOT,
            "%+,d ms (%s)",
            millis.getAsLong(),
            percent(ledgerOverGatlingPercent(percentile)));
  }

  /** Within {@link #AGREEMENT_PERCENT} at p95 and p99; false too when not comparable. */
  public boolean agree() {
    double p95 = ledgerOverGatlingPercent(Latency::p95);
    double p99 = ledgerOverGatlingPercent(Latency::p99);
    return Math.abs(p95) <= AGREEMENT_PERCENT && Math.abs(p99) <= AGREEMENT_PERCENT;
  }

  /** One console line with both figures and how far apart they are. */
  public String summary() {
    String ledgerPart =
        String.format(
            Locale.ROOT,
            "webhook latency (ledger) p50 %,d ms, p95 %,d ms, p99 %,d ms of %,d",
            ledger.p50(),
            ledger.p95(),
            ledger.p99(),
            ledger.count());
    if (!gatling.read()) {
      return ledgerPart + "; Gatling response time not read: " + gatling.notRead();
    }
    Latency g = gatling.latency();
    return ledgerPart
        + String.format(
            Locale.ROOT,
            "; Gatling response time p50 %,d ms, p95 %,d ms, p99 %,d ms of %,d;"
                + " ledger over Gatling p95 %s, p99 %s (%s within %s %%)",
            g.p50(),
            g.p95(),
            g.p99(),
            g.count(),
            gap(Latency::p95),
            gap(Latency::p99),
            agree() ? "agree" : "do not agree",
            Classification.number(AGREEMENT_PERCENT));
  }

  public static String percent(double p) {
    return Double.isNaN(p) ? "n/a" : String.format(Locale.ROOT, "%+.1f %%", p);
  }
}
