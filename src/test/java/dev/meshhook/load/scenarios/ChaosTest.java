package dev.meshhook.load.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.config.SuiteConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosTest {
  private static ChaosShape shape(
      int engineKills, int connectionKills, int postgresRestarts, int poolExhaustions) {
    Duration s3 = Duration.ofSeconds(3);
    return new ChaosShape(
        10,
        s3,
        Duration.ofSeconds(60),
        engineKills,
        s3,
        connectionKills,
        postgresRestarts,
        poolExhaustions,
        s3,
        0,
        s3,
        30,
        new SuiteConfig.Thresholds(2000, 5000, 1, 90));
  }

  @Test
  void kindsTakeTurnsUntilEachCountIsSpent() {
    assertThat(Chaos.plan(shape(2, 1, 3, 0)))
        .containsExactly(
            Chaos.Kind.ENGINE_KILL,
            Chaos.Kind.CONNECTION_KILL,
            Chaos.Kind.POSTGRES_RESTART,
            Chaos.Kind.ENGINE_KILL,
            Chaos.Kind.POSTGRES_RESTART,
            Chaos.Kind.POSTGRES_RESTART);
  }

  @Test
  void noFaultsMeansAnEmptySchedule() {
    assertThat(Chaos.plan(shape(0, 0, 0, 0))).isEmpty();
  }
}
