package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pstress -Dquick=true} with three levels: 5, 155 and 305 webhooks/s. The embedded engine's
 * token bucket (100/s and 200 per project) holds the middle level and sheds the top one with 429 and
 * Retry-After, so the breaking point is a figure the engine really produced.
 */
class StressSimulationIT {
  @TempDir Path reports;

  @Test
  void theStairsFindTheBreakingPointAndOnlyPoliteSheddingBeyondIt() throws Exception {
    GatlingRun.Result result = GatlingRun.run(StressSimulation.class, reports, "quick=true", "stress.quick.levels=3",
        "stress.quick.step=150", "stress.quick.levelDuration=5s", "stress.quick.rampDuration=1s", "stress.quick.recoveryDuration=8s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "stresssimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.count("missing") + v.count("duplicated") + v.count("stuck")).isZero();
    assertThat(v.row("level 5/s p99").path("unit").asText()).isEqualTo("ms");
    assertThat(v.value("breaking point")).isEqualTo(155);
    assertThat(v.row("breaking point").path("unit").asText()).isEqualTo("webhooks/s");
    assertThat(v.value("broke at")).isEqualTo(305);
    assertThat(v.value("level 305/s failed")).isGreaterThan(1);
    assertThat(v.value("shed politely (429/503 with Retry-After)")).isPositive();
    assertThat(v.value("other failed answers")).isZero();
    assertThat(v.value("recovery")).isBetween(0.0, 8.0);
    assertThat(result.output()).contains("breaking point 155 webhooks/s");
  }
}
