package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn gatling:test -Pspike -Dquick=true}: base, burst, base; errors in the burst and
 * recovery as figures.
 */
class SpikeSimulationIT {
  @TempDir Path reports;

  @Test
  void theQuickSpikeReportsBurstErrorsAndRecoverySeconds() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            SpikeSimulation.class,
            reports,
            "quick=true",
            "spike.rate=5",
            "spike.quick.baseDuration=8s",
            "spike.quick.burstDuration=6s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "spikesimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    // 8 s at 5/s, 6 s at 50/s, 8 s at 5/s.
    assertThat(v.count("sent")).isBetween(350L, 410L);
    // 50/s is a third of the embedded engine's token bucket (100/s per project): nothing in the
    // burst may fail.
    assertThat(v.value("burst failed")).isZero();
    assertThat(v.row("burst failed").path("unit").asText()).isEqualTo("%");
    assertThat(v.row("recovery").path("unit").asText()).isEqualTo("s");
    assertThat(v.value("recovery")).isBetween(0.0, 8.0);
    assertThat(v.row("recovery").path("level").asText()).isNotEqualTo("fail");
  }
}
