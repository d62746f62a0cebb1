package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Plivelogs -Dquick=true}, shortened: event latency of live events, no gap or duplicate per
 * stream.
 */
class LiveLogsSimulationIT {
  @TempDir Path reports;

  @Test
  void everyStreamHoldsItsRunsEventsOnceAndInOrder() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            LiveLogsSimulation.class,
            reports,
            "quick=true",
            "livelogs.rate=5",
            "livelogs.quick.rampDuration=2s",
            "livelogs.quick.duration=9s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "livelogssimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.value("streams")).isGreaterThan(30);
    assertThat(v.value("live events")).isPositive();
    assertThat(v.row("event latency p99").path("unit").asText()).isEqualTo("ms");
    assertThat(
            v.value("streams unfinished")
                + v.value("events missed")
                + v.value("events duplicated")
                + v.value("events out of order"))
        .isZero();
  }
}
