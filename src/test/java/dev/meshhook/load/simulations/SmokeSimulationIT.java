package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.DatabaseSample;
import dev.meshhook.load.evidence.DatabaseSampler;
import dev.meshhook.load.evidence.StatementStatistics;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.run.VerifyMain;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end, as {@code mvn gatling:test} runs it: Gatling's own JVM starts the engine
 * process, loads it, verifies, writes both reports and stops everything it started. It judges
 * counts and thresholds of seconds at 10 webhooks/s (answers take milliseconds), so it may share
 * the machine with another test.
 */
@Tag("side-by-side")
class SmokeSimulationIT {
  private static final String[] SHORT = {
    "smoke.rampDuration=1s", "smoke.duration=6s", "verify.drainTimeout=10s"
  };

  @TempDir Path reports;

  @Test
  void aCleanRunPassesWithBothReportsAndLeavesNothingRunning() throws Exception {
    GatlingRun.Result result =
        GatlingRun.runWithGatlingReport(SmokeSimulation.class, reports, SHORT);
    assertThat(result.exitCode()).as(result.output()).isZero();
    Path folder = result.folder().orElseThrow();
    assertThat(folder.resolve("index.html")).isRegularFile();
    assertThat(folder.resolve("verification.html")).isRegularFile();
    JsonNode verification =
        new ObjectMapper().readTree(folder.resolve("verification.json").toFile());
    assertThat(verification.path("outcome").asText()).isEqualTo("pass");
    JsonNode counts = verification.path("counts");
    assertThat(counts.path("accepted").asLong())
        .isPositive()
        .isEqualTo(counts.path("completed").asLong());
    assertThat(counts.path("rejected").asLong())
        .isPositive(); // the wrongly signed ones, rejected without a run
    for (JsonNode anomaly : verification.path("anomalies")) {
      assertThat(anomaly.path("count").asLong()).as(anomaly.path("name").asText()).isZero();
    }
    assertThat(verification.path("endToEndMillis").path("p99").asLong()).isPositive();
    // Gatling's own records of the same webhooks, read once Gatling closed them (after the run).
    JsonNode latency = verification.path("webhookLatency");
    assertThat(latency.path("gatling").path("notRead").isMissingNode())
        .as(latency.toString())
        .isTrue();
    assertThat(latency.path("gatling").path("count").asLong())
        .isEqualTo(verification.path("counts").path("sent").asLong())
        .isEqualTo(latency.path("ledger").path("count").asLong());
    assertEachWebhookOpenedItsOwnConnection(VerificationJson.of(result, "smokesimulation-"));
    assertThat(result.output()).contains("verification: PASS").contains("drain: ");
    assertThat(result.output()).contains("; Gatling response time p50 ");
    assertTheDatabaseWasSampled(folder, result.output());
    GatlingRun.assertNothingLeftRunning(folder);

    // The same folder verifies again later from its ledger and the kept database.
    assertThat(VerifyMain.run(folder, SuiteConfig.load())).isZero();
    GatlingRun.assertNothingLeftRunning(folder);
  }

  /**
   * http.connections = per-user (the default): each webhook's virtual user opened a connection of
   * its own, as separate webhook senders do, and the engine counted them. The count runs from the
   * resource sampler's first sample, which the first webhook or two may beat, to its last, after
   * the drain. A few more than the webhooks were counted too (65 webhooks: 64, 67 and 71 in three
   * runs, the most on a busy machine; the sampler's own connection, kept alive, may be opened again
   * after a scrape that timed out), hence no tight upper bound: twice the webhooks would be a count
   * gone wrong. A shared pool opens a handful (LoadSimulationIT), far below this.
   */
  private static void assertEachWebhookOpenedItsOwnConnection(VerificationJson v) {
    long sent = v.count("sent");
    v.connectionsOpened("per-user")
        .isGreaterThanOrEqualTo(0.9 * sent)
        .isLessThanOrEqualTo(2.0 * sent);
  }

  /**
   * The database sampler saw the load through the checker's role: commits grew between samples,
   * every session was visible (pg_monitor), and pg_stat_statements answered with a top list.
   */
  private static void assertTheDatabaseWasSampled(Path folder, String output) {
    List<DatabaseSample> samples = DatabaseSampler.read(folder);
    assertThat(samples).as("database samples").hasSizeGreaterThanOrEqualTo(2);
    DatabaseSample first = samples.get(0), last = samples.get(samples.size() - 1);
    assertThat(last.since(first).xactCommit()).as("commits during the run").isPositive();
    assertThat(last.since(first).statementCalls()).as("pg_stat_statements calls").isPositive();
    assertThat(last.activity().active("CPU")).as("sessions of the engine's role").isNotNaN();
    assertThat(last.tables().eventsLive()).as("workflow_events rows").isNotNaN();
    assertThat(last.counters().walBytes()).isPositive();
    assertThat(StatementStatistics.read(folder))
        .as("top statements, the sampler's own left out")
        .isNotEmpty()
        .noneMatch(top -> top.query().contains("tree (root, relid)"));
    assertThat(output).doesNotContain("database sampling:");
  }

  @Test
  void aFailedVerificationFailsTheRunAndStillWritesBothReports() throws Exception {
    GatlingRun.Result result =
        GatlingRun.runWithGatlingReport(
            SmokeSimulation.class,
            reports,
            "smoke.rampDuration=1s",
            "smoke.duration=4s",
            "verify.drainTimeout=10s",
            "engine.fault=drop-after-ack",
            "engine.faultEvery=5");
    assertThat(result.exitCode()).isNotZero();
    Path folder = result.folder().orElseThrow();
    assertThat(folder.resolve("index.html")).isRegularFile();
    assertThat(folder.resolve("verification.html")).isRegularFile();
    long accepted =
        LedgerReader.read(folder.resolve("ledger")).entries().stream()
            .filter(LedgerEntry::accepted)
            .count();
    JsonNode verification =
        new ObjectMapper().readTree(folder.resolve("verification.json").toFile());
    assertThat(verification.path("outcome").asText()).isEqualTo("fail");
    assertThat(verification.path("counts").path("missing").asLong()).isEqualTo(accepted / 5);
    assertThat(verification.path("anomalies").get(0).path("examples")).isNotEmpty();
    assertThat(result.output()).contains("verify: missing: count of failed events is 0.0 : false");
    GatlingRun.assertNothingLeftRunning(folder);
  }

  @Test
  void badConfigStopsBeforeAnythingStarts() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(SmokeSimulation.class, reports, "engine.fault=explode");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains(
            "config error: engine.fault = 'explode' is not allowed; expected one of none, drop-after-ack,")
        .doesNotContain("engine: reference engine pid");
    assertThat(result.folder()).isEmpty();
  }
}
