package dev.meshhook.load.simulations;

import static dev.meshhook.load.testing.JsonRead.number;
import static dev.meshhook.load.testing.JsonRead.whole;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pchaos -Dquick=true}, shortened: one fault of each kind on the real processes, taking
 * turns in one run; nothing accepted is lost; then manual edits, each named by replay.
 */
class ChaosSimulationIT {
  private static final List<String> KINDS =
      List.of("engine-kill", "connection-kill", "postgres-restart", "pool-exhaustion");

  @TempDir Path reports;

  /**
   * One fault of each kind, 8 s apart: the engine's answers show each really struck, and the
   * verdicts are exact: every accepted run completed, none failed, missing, duplicated, stuck or
   * changed, and each fault is reported with its recovery and the seconds it broke.
   */
  @Test
  void nothingAcceptedIsLostAcrossOneFaultOfEachKind() throws Exception {
    // A webhook waits 500 ms for its commit, less than any outage here: a PostgreSQL restart that
    // came back within the default 2 s was waited out and every webhook got its 202, so the test
    // saw no load shed although the engine did right.
    List<String> properties =
        new ArrayList<>(
            List.of(
                "quick=true",
                "chaos.quick.rampDuration=2s",
                "chaos.quick.duration=40s",
                "chaos.downtime=1s",
                "chaos.poolHold=2s",
                "engine.intakeTimeout=500ms"));
    for (String knob :
        List.of("engineKills", "connectionKills", "postgresRestarts", "poolExhaustions")) {
      properties.add("chaos.quick." + knob + "=1");
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
    // A webhook whose 202 the engine kill cut off after its commit ran too: judged by its run.
    assertThat(v.count("accepted")).isPositive();
    assertThat(v.count("completed")).isEqualTo(v.count("accepted") + v.count("unansweredRan"));

    List<FaultLog.Fault> faults = FaultLog.read(folder);
    assertThat(faults).extracting(FaultLog.Fault::kind).containsExactlyInAnyOrderElementsOf(KINDS);
    assertThat(v.value("faults injected")).isEqualTo(4);
    List<LedgerEntry> ledger = LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries();
    long first = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow();
    JsonNode availability = v.root().path("availability");
    // Availability through the faults: reported, not judged, in this profile.
    assertThat(availability.path("targetPercent").isNull()).isTrue();
    assertThat(whole(availability, "steadySeconds")).isPositive();
    assertThat(number(availability, "percent")).isLessThan(100.0);
    int n = 0;
    for (FaultLog.Fault fault : faults) {
      n++;
      String kind = fault.kind();
      String recovery = "fault " + n + " " + kind + " recovery";
      assertThat(v.row(recovery).path("unit").asText()).isEqualTo("s");
      assertThat(v.row(recovery).path("level").asText()).as(recovery).isEqualTo("pass");
      // The fault is a band on the report's timelines (ReportsInBrowserIT sees bands drawn).
      assertThat(folder.resolve("verification.html"))
          .content()
          .contains("{\"kind\":\"" + kind + "\"");
      List<LedgerEntry> during =
          ledger.stream()
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
          assertThat(during).as(kind).anyMatch(LedgerEntry::shedPolitely);
      }
      if (!kind.equals("connection-kill")) {
        // A fault that left webhooks unanswered or shed them broke seconds within its window.
        long from = (fault.startEpochMs() - first) / 1000 - 1;
        long to = (fault.endEpochMs() - first) / 1000 + 1;
        assertThat(availability.path("brokenSeconds"))
            .as(kind + " broke a second from t+" + from + " s to t+" + to + " s")
            .anySatisfy(second -> assertThat(whole(second, "second")).isBetween(from, to));
      }
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
            // No room for these in 8 s: planned and skipped, they would make the verdict unknown.
            "chaos.quick.postgresRestarts=0",
            "chaos.quick.poolExhaustions=0",
            "chaos.manualEdits=3");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    VerificationJson v = VerificationJson.of(result, "chaossimulation-");
    assertThat(v.outcome()).as("every planned fault struck: a known verdict").isEqualTo("fail");
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
