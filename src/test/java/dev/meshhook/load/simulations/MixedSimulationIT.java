package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pmixed -Dquick=true}, shortened: weighted operations with their effective shares and
 * figures.
 */
class MixedSimulationIT {
  @TempDir Path reports;

  @Test
  void mixedTrafficReportsNormalisedSharesAndEachOperation() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            MixedSimulation.class,
            reports,
            "quick=true",
            "mixed.rate=20",
            "mixed.quick.rampDuration=2s",
            "mixed.quick.duration=10s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("webhook 66.7 %", "readRun 9.5 %", "health 4.8 %");
    VerificationJson v = VerificationJson.of(result, "mixedsimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.value("share of webhook")).isCloseTo(66.67, within(0.01));
    assertThat(v.value("share of streamLogs")).isCloseTo(9.52, within(0.01));
    assertThat(v.value("read run requests")).isPositive();
    assertThat(v.value("list runs requests")).isPositive();
    assertThat(v.value("health requests")).isPositive();
    assertThat(v.value("streams")).isPositive();
    assertThat(v.value("read run failed") + v.value("list runs failed") + v.value("events missed"))
        .isZero();
  }
}
