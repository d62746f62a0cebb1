package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.charts.ReportTimelines;
import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.evidence.GatlingLog;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.ledger.LoadLedger;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookLatencyReportTest {
  @TempDir Path folder;

  @Test
  void bothFiguresGoIntoTheReportsOnceAndGatlingsFollowsItsLog() throws Exception {
    try (LoadLedger ledger = LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), "t")) {
      ledger.sent("t-i-1", "order-created", 1_000, 202);
      ledger.answered("t-i-1", 202, 1_030, null);
      ledger.sent("t-i-2", "order-created", 1_000, 202);
      ledger.answered("t-i-2", 0, 61_000, null); // timed out: counts at 60 s
    }
    // The latency goes into reports this process wrote, not into any file found in the folder.
    new VerificationReport()
        .write(
            folder,
            new Verdict(Outcome.PASS, "all accounted for", "t", null, Map.of(), Latency.NONE),
            HttpFigures.of(List.of()),
            Classification.of(List.of()),
            new VerificationReport.Context(
                "SmokeSimulation", "embedded", "ledger", Instant.now(), 1),
            ReportTimelines.of(List.of(), List.of(), List.of(), List.of()));

    // Gatling has not closed its log yet: the ledger's figure, and why Gatling's is missing.
    Verification.compareLatency(folder);
    JsonNode latency = json().path("webhookLatency");
    assertThat(latency.path("ledger").path("count").asInt()).isEqualTo(2);
    assertThat(latency.path("ledger").path("p99").asLong()).isEqualTo(60_000);
    assertThat(latency.path("ledger").path("fromTo").asText()).startsWith("from the harness");
    assertThat(latency.path("gatling").path("notRead").asText())
        .isEqualTo("no simulation.log in " + folder);
    assertThat(latency.path("agree").asBoolean()).isFalse();

    try (InputStream in = getClass().getResourceAsStream("/gatling/smoke-3.15.1-simulation.log")) {
      Files.copy(in, folder.resolve(GatlingLog.FILE_NAME));
    }
    Verification.compareLatency(folder);
    latency = json().path("webhookLatency");
    assertThat(json().path("outcome").asText()).isEqualTo("pass");
    JsonNode gatling = latency.path("gatling");
    assertThat(gatling.path("count").asInt()).isEqualTo(277);
    assertThat(gatling.path("p99").asLong()).isEqualTo(27);
    assertThat(gatling.path("failed").asLong()).isZero();
    assertThat(gatling.path("source").asText()).isEqualTo("simulation.log, Gatling 3.15.1");
    assertThat(gatling.has("notRead")).isFalse();
    assertThat(latency.path("ledgerOverGatlingPercent").path("p99").isNumber()).isTrue();
    assertThat(latency.path("ledgerOverGatlingMillis").path("p99").asLong())
        .isEqualTo(latency.path("ledger").path("p99").asLong() - 27);

    String html = Files.readString(folder.resolve(VerificationReport.HTML), StandardCharsets.UTF_8);
    assertThat(html)
        .containsOnlyOnce("Webhook latency, measured twice")
        .containsOnlyOnce("webhook latency (ledger: from the harness")
        .containsOnlyOnce("Gatling response time (simulation.log: from Gatling")
        .doesNotContain("not read")
        .endsWith("</body></html>\n");
  }

  private JsonNode json() throws Exception {
    return new ObjectMapper().readTree(folder.resolve(VerificationReport.JSON).toFile());
  }
}
