package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Phealth -Dquick=true}, shortened: a hundred health checks in flight beside webhooks. */
// Judges counts and shares with thresholds of seconds, not speed: side by side with another class.
@Tag("side-by-side")
class HealthSimulationIT {
  @TempDir Path reports;

  @Test
  void healthLatencyUnderLoadIsJudged() throws Exception {
    // Limits wider than the profile's 200/500 ms: a hundred checks in flight on a 2-core CI machine
    // gave health p95 227 ms on a clean clone. This test proves the figures are measured and
    // judged;
    // OperationFiguresTest proves that a slow health check fails them.
    GatlingRun.Result result =
        GatlingRun.run(
            HealthSimulation.class,
            reports,
            "quick=true",
            "health.quick.duration=10s",
            "health.webhookRate=5",
            "health.healthP95Ms=2000",
            "health.healthP99Ms=5000");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "healthsimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.value("health requests")).isGreaterThan(100);
    assertThat(v.row("health p99").path("rule").asText()).isEqualTo("<");
    assertThat(v.value("health failed")).isZero();
    assertThat(v.count("accepted")).isEqualTo(v.count("completed")).isPositive();
  }
}
