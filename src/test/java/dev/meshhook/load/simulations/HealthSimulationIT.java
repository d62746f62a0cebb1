package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Phealth -Dquick=true}, shortened: a hundred health checks in flight beside webhooks. */
class HealthSimulationIT {
  @TempDir Path reports;

  @Test
  void healthLatencyUnderLoadIsJudged() throws Exception {
    GatlingRun.Result result = GatlingRun.run(HealthSimulation.class, reports, "quick=true", "health.quick.duration=10s",
        "health.webhookRate=5");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "healthsimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.value("health requests")).isGreaterThan(100);
    assertThat(v.row("health p99").path("rule").asText()).isEqualTo("<");
    assertThat(v.value("health failed")).isZero();
    assertThat(v.count("accepted")).isEqualTo(v.count("completed")).isPositive();
  }
}
