package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pconcurrency -Dquick=true}, two small levels: every user's run followed to its end, none
 * lost.
 */
// Judges counts and shares with thresholds of seconds, not speed: side by side with another class.
@Tag("side-by-side")
class ConcurrencySimulationIT {
  @TempDir Path reports;

  @Test
  void everyConcurrentUserFollowsItsRunToTheEnd() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            ConcurrencySimulation.class,
            reports,
            "quick=true",
            "concurrency.quick.levels=5,50",
            "concurrency.quick.levelDuration=6s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "concurrencysimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.count("completed")).isEqualTo(v.count("accepted")).isPositive();
    assertThat(v.value("runs not followed to their end")).isZero();
    assertThat(v.value("level 50 users: runs accepted"))
        .isGreaterThan(v.value("level 5 users: runs accepted"));
    assertThat(v.value("level 50 users: engine heap max")).isPositive();
    assertThat(v.row("level 5 users: run followed p99").path("unit").asText()).isEqualTo("ms");
  }
}
