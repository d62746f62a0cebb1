package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshhook.load.verify.FaultLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pchaos -Dquick=true}, shortened: the real engine killed with -9 and restarted, its
 * database connections terminated, and nothing accepted is lost; then manual edits, each named.
 */
class ChaosSimulationIT {
  @TempDir Path reports;

  @Test
  void nothingAcceptedIsLostAcrossAnEngineKillAndAConnectionKill() throws Exception {
    GatlingRun.Result result = GatlingRun.run(ChaosSimulation.class, reports, "quick=true", "chaos.quick.duration=30s",
        "chaos.quick.engineKills=1", "chaos.quick.connectionKills=1", "chaos.downtime=1s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "chaossimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.count("missing") + v.count("duplicated") + v.count("stuck") + v.count("replay")).isZero();
    assertThat(v.count("accepted")).isEqualTo(v.count("completed")).isPositive();
    List<FaultLog.Fault> faults = FaultLog.read(result.folder().orElseThrow());
    assertThat(faults).extracting(FaultLog.Fault::kind).containsExactly("engine-kill", "connection-kill");
    assertThat(v.value("faults injected")).isEqualTo(2);
    assertThat(v.row("fault 1 engine-kill recovery").path("unit").asText()).isEqualTo("s");
    assertThat(v.row("fault 2 connection-kill recovery").path("level").asText()).isNotEqualTo("fail");
    // Both faults are bands on the report's timelines (ReportsInBrowserIT sees them drawn).
    assertThat(result.folder().orElseThrow().resolve("verification.html")).content()
        .contains("{\"kind\":\"engine-kill\"").contains("{\"kind\":\"connection-kill\"");
  }

  @Test
  void manualEditsFailTheRunAndAreEachNamed() throws Exception {
    GatlingRun.Result result = GatlingRun.run(ChaosSimulation.class, reports, "quick=true", "chaos.quick.duration=8s",
        "chaos.quick.engineKills=0", "chaos.quick.connectionKills=0", "chaos.manualEdits=3");
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
