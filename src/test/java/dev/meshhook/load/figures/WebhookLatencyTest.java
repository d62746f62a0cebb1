package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.evidence.GatlingLog;
import dev.meshhook.load.ledger.LedgerEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookLatencyTest {
  @TempDir Path folder;

  @Test
  void comparesBothWebhookRequestNamesWithTheLedgerAndNothingElse() {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<GatlingLog.Request> gatling = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      boolean bad = i % 20 == 0;
      // The ledger's interval holds Gatling's and 1 ms of the harness's own steps.
      ledger.add(
          new LedgerEntry(
              "t-i-" + i, "s", 1_000, bad ? 401 : 202, bad ? 401 : 202, 1_001 + i, null));
      gatling.add(
          new GatlingLog.Request(
              bad ? WebhookLatency.WEBHOOK_BAD_SIGNATURE : WebhookLatency.WEBHOOK,
              1_000,
              1_000 + i,
              true));
    }
    gatling.add(new GatlingLog.Request("stream logs", 1_000, 99_000, true));
    WebhookLatency w = WebhookLatency.of(ledger, new GatlingLog.Read("3.15.1", gatling));

    assertThat(w.ledger()).isEqualTo(new Latency(100, 51, 96, 100, 101));
    assertThat(w.gatling().latency()).isEqualTo(new Latency(100, 50, 95, 99, 100));
    assertThat(w.gatling().failed()).isZero();
    assertThat(w.ledgerOverGatlingPercent(Latency::p95)).isCloseTo(100.0 / 95, within());
    assertThat(w.agree()).isTrue();
    assertThat(w.summary())
        .contains("webhook latency (ledger) p50 51 ms, p95 96 ms, p99 100 ms of 100")
        .contains("Gatling response time p50 50 ms, p95 95 ms, p99 99 ms of 100")
        .contains("p95 +1 ms (+1.1 %), p99 +1 ms (+1.0 %) (agree within 10 %)");
  }

  @Test
  void aTailOnlyOneSideSeesIsADisagreement() {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<GatlingLog.Request> gatling = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      ledger.add(new LedgerEntry("t-i-" + i, "s", 1_000, 202, 202, 1_010, null));
      // Gatling counted the last five until their 60 s timeout; here the ledger left them out.
      gatling.add(
          new GatlingLog.Request(WebhookLatency.WEBHOOK, 1_000, i > 95 ? 61_000 : 1_010, i <= 95));
    }
    WebhookLatency w = WebhookLatency.of(ledger, new GatlingLog.Read("3.15.1", gatling));
    assertThat(w.gatling().failed()).isEqualTo(5);
    assertThat(w.ledgerOverGatlingPercent(Latency::p99))
        .isCloseTo(100.0 * (10 - 60_000) / 60_000, within());
    assertThat(w.agree()).isFalse();
    assertThat(w.summary()).contains("p99 -59,990 ms (-100.0 %) (do not agree within 10 %)");
  }

  @Test
  void withoutGatlingsRecordsOnlyTheLedgersFigureIsShownAndWhy() {
    WebhookLatency w =
        WebhookLatency.of(
            List.of(new LedgerEntry("t-i-1", "s", 1_000, 202, 202, 1_010, null)), folder);
    assertThat(w.gatling().read()).isFalse();
    assertThat(w.gatling().notRead()).isEqualTo("no simulation.log in " + folder);
    assertThat(w.ledgerOverGatlingPercent(Latency::p99)).isNaN();
    assertThat(w.agree()).isFalse();
    assertThat(w.summary())
        .endsWith("Gatling response time not read: no simulation.log in " + folder);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
