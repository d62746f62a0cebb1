package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code -Pchaos -Dquick=true}, shortened, one fault kind at a time on the real processes: nothing
 * accepted is lost; then manual edits, each named by replay.
 */
class ChaosSimulationIT {
  @TempDir Path reports;

  /**
   * Each fault kind alone, with the others off: the engine's answers show the fault really struck,
   * and the verdicts are exact: every accepted run completed, none failed, missing, duplicated,
   * stuck or changed, and the one fault is reported with its recovery.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "engine-kill,      engineKills",
    "connection-kill,  connectionKills",
    "postgres-restart, postgresRestarts",
    "pool-exhaustion,  poolExhaustions"
  })
  void nothingAcceptedIsLostAcrossOneFaultOfEachKind(String kind, String knob) throws Exception {
    // A webhook waits 500 ms for its commit, less than any outage here: a PostgreSQL restart that
    // came back within the default 2 s was waited out and every webhook got its 202, so the test
    // saw no load shed although the engine did right.
    List<String> properties =
        new ArrayList<>(
            List.of(
                "quick=true",
                "chaos.quick.rampDuration=2s",
                "chaos.quick.duration=18s",
                "chaos.downtime=1s",
                "engine.intakeTimeout=500ms"));
    for (String other :
        List.of("engineKills", "connectionKills", "postgresRestarts", "poolExhaustions")) {
      properties.add("chaos.quick." + other + "=" + (other.equals(knob) ? 1 : 0));
    }
    GatlingRun.Result result =
        GatlingRun.run(ChaosSimulation.class, reports, properties.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    Path folder = result.folder().orElseThrow();
    VerificationJson v = VerificationJson.of(result, "chaossimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    for (String verdict :
        List.of(
            "failed",
            "missing",
            "duplicated",
            "stuck",
            "orphan",
            "eventLog",
            "unexpected",
            "replay")) {
      assertThat(v.count(verdict)).as(verdict).isZero();
    }
    assertThat(v.count("completed")).isEqualTo(v.count("accepted")).isPositive();

    List<FaultLog.Fault> faults = FaultLog.read(folder);
    assertThat(faults).extracting(FaultLog.Fault::kind).containsExactly(kind);
    assertThat(v.value("faults injected")).isEqualTo(1);
    assertThat(v.row("fault 1 " + kind + " recovery").path("unit").asText()).isEqualTo("s");
    assertThat(v.row("fault 1 " + kind + " recovery").path("level").asText()).isEqualTo("pass");

    // The fault is a band on the report's timelines (ReportsInBrowserIT sees bands drawn).
    assertThat(folder.resolve("verification.html"))
        .content()
        .contains("{\"kind\":\"" + kind + "\"");

    FaultLog.Fault fault = faults.get(0);
    List<LedgerEntry> during =
        LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries().stream()
            .filter(
                e ->
                    e.sentEpochMs() >= fault.startEpochMs() - 1000
                        && e.sentEpochMs() <= fault.endEpochMs())
            .toList();
    switch (kind) {
      case "engine-kill":
        // No engine to answer: the connection is refused, and the ledger keeps it as unanswered.
        assertThat(during).anyMatch(e -> e.status() == 0);
        break;
      case "connection-kill":
        assertThat(fault.detail()).matches("[1-9][0-9]* engine connections terminated");
        break;
      default:
        // No database, or no free connection: shed politely, never a 202 for a run not stored.
        assertThat(during).anyMatch(LedgerEntry::shedPolitely);
    }

    // Availability through the fault: reported, not judged, in this profile; a fault that left
    // webhooks unanswered or shed with 503 broke seconds within its window, and they are named.
    JsonNode availability = v.root().path("availability");
    assertThat(availability.path("targetPercent").isNull()).isTrue();
    assertThat(availability.path("steadySeconds").asLong()).isPositive();
    if (!kind.equals("connection-kill")) {
      assertThat(availability.path("percent").asDouble()).isLessThan(100.0);
      long first =
          LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries().stream()
              .mapToLong(LedgerEntry::sentEpochMs)
              .min()
              .orElseThrow();
      long from = (fault.startEpochMs() - first) / 1000 - 1;
      long to = (fault.endEpochMs() - first) / 1000 + 1;
      assertThat(availability.path("brokenSeconds"))
          .anySatisfy(second -> assertThat(second.path("second").asLong()).isBetween(from, to));
    }
  }

  @Test
  void manualEditsFailTheRunAndAreEachNamed() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            ChaosSimulation.class,
            reports,
            "quick=true",
            "chaos.quick.duration=8s",
            "chaos.quick.engineKills=0",
            "chaos.quick.connectionKills=0",
            "chaos.manualEdits=3");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    VerificationJson v = VerificationJson.of(result, "chaossimulation-");
    assertThat(v.count("replay")).isEqualTo(3);
    FaultLog.Fault edit = FaultLog.read(result.folder().orElseThrow()).get(0);
    assertThat(edit.kind()).isEqualTo("manual-edit");
    JsonNode replay = null;
    for (JsonNode finding : v.root().path("anomalies")) {
      if (finding.path("name").asText().equals("replay")) {
        replay = finding;
      }
    }
    assertThat(replay).isNotNull();
    assertThat(replay.path("examples")).hasSize(3);
    for (JsonNode example : replay.path("examples")) {
      String loadId = example.asText().substring(0, example.asText().indexOf(' '));
      assertThat(edit.detail()).contains(loadId);
      assertThat(example.asText()).contains("status stored failed, replayed succeeded");
    }
  }
}
