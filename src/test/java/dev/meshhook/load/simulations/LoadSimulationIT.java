package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn gatling:test -Pload -Dquick=true}: the load profile in its quick shape, verified and
 * classified, against the engine writing MeshHook's dialect behind row-level security (the other
 * simulation ITs face the reference dialect): the checker's bypass role judges every run in the
 * dialect it detects; the role without BYPASSRLS stops the run before its first request.
 */
class LoadSimulationIT {
  /** The quick shape, shortened: a ramp of 2 s, then 10 s at 20/s. */
  private static final String[] QUICK = {
    "quick=true", "load.rate=20", "load.quick.rampDuration=2s", "load.quick.duration=10s"
  };

  @TempDir Path reports;

  private static String[] with(String... more) {
    String[] all = java.util.Arrays.copyOf(QUICK, QUICK.length + more.length);
    System.arraycopy(more, 0, all, QUICK.length, more.length);
    return all;
  }

  @Test
  void theQuickLoadProfilePassesVerificationAndIsClassified() throws Exception {
    GatlingRun.Result result =
        GatlingRun.runWithGatlingReport(
            LoadSimulation.class,
            reports,
            with(
                "engine.dialect=meshhook",
                "engine.rls=on",
                "target.dbUser=meshhook_checker_bypass",
                "http.connections=shared"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    Path folder = result.folder().orElseThrow();
    assertThat(folder.getFileName().toString()).startsWith("loadsimulation-");
    assertThat(folder.resolve("index.html")).isRegularFile();
    JsonNode verification =
        new ObjectMapper().readTree(folder.resolve("verification.json").toFile());
    assertThat(verification.path("outcome").asText()).isEqualTo("pass");
    JsonNode replay = verification.path("replay");
    assertThat(replay.path("dialect").asText()).isEqualTo("meshhook");
    assertThat(replay.path("chosen").asText()).isEqualTo("auto");
    assertThat(replay.path("judged").asLong())
        .isEqualTo(verification.path("counts").path("accepted").asLong())
        .isPositive();
    assertThat(replay.path("notJudged").asLong()).isZero();
    // Ramp 2 s + 10 s at 20/s: the quick block (shortened here), not the 10-minute shape.
    assertThat(verification.path("counts").path("sent").asLong()).isBetween(180L, 240L);
    JsonNode classification = verification.path("classification");
    assertThat(classification.path("level").asText()).isIn("pass", "warn");
    assertThat(classification.path("rows"))
        .extracting(r -> r.path("figure").asText())
        .startsWith("webhook p95", "webhook p99", "failed", "accepted")
        .contains(
            "engine CPU mean (of the machine)",
            "engine heap max",
            "DB connections max",
            "DB size at end");
    assertThat(result.output()).contains("classification: ");
    assertTheUsersSharedTheirConnections(VerificationJson.of(result, "loadsimulation-"));
  }

  /**
   * http.connections = shared: the webhooks went over kept-alive connections. Gatling keeps one
   * shared pool per event loop (2 per core) and opens another connection only when all of a loop's
   * are busy: a connection or two per loop while answers take milliseconds, more while the engine
   * stalls on a busy machine (221 webhooks counted 7 and 38 in two runs), plus the resource
   * sampler's. Half the webhooks leaves room for that, and is below the one per webhook of per-user
   * (at least 0.9 per webhook in SmokeSimulationIT), so the bound fails without shared connections.
   */
  private static void assertTheUsersSharedTheirConnections(VerificationJson v) {
    v.connectionsOpened("shared")
        .isGreaterThanOrEqualTo(1)
        .isLessThanOrEqualTo(v.count("sent") / 2.0);
  }

  @Test
  void aRoleBlindedByRowLevelSecurityStopsTheRunBeforeItsFirstRequest() throws Exception {
    GatlingRun.Result result = GatlingRun.run(LoadSimulation.class, reports, with("engine.rls=on"));
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("config error: target.dbUser = 'meshhook_checker'")
        .contains("row-level security is on for projects, workflow_definitions")
        .contains("ALTER ROLE meshhook_checker BYPASSRLS")
        .doesNotContain("verification:");
    // Nothing was sent, so nothing was judged: no verification report, and no run called missing.
    assertThat(result.folder().map(f -> f.resolve("verification.json").toFile().exists()))
        .isNotEqualTo(Optional.of(true));
  }
}
