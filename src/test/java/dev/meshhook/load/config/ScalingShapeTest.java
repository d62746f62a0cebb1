package dev.meshhook.load.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.settings.ConfigError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingShapeTest {
  private static SuiteConfig config(String overrides) {
    return SuiteConfig.from(
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  private static ScalingShape read(String overrides) {
    return LoadProfiles.SCALING.shapeIn(config(overrides));
  }

  @Test
  void readsTheCountsItsOwnStairsAndLiftsTheEnginesRateLimit() {
    SuiteConfig config = config("quick = true, scaling.replicas = \"1,2\"");
    ScalingShape shape = LoadProfiles.SCALING.shapeIn(config);
    assertThat(shape.replicas()).containsExactly(1, 2);
    assertThat(shape.replicaCounts(3)).containsExactly(1, 2);
    assertThat(shape.stairs().levels()).isEqualTo(6);
    assertThat(shape.phaseDuration()).isLessThanOrEqualTo(SuiteConfig.QUICK_LIMIT);
    assertThat(shape.engine(config.engine()).ratePerSecond()).isEqualTo(100000);
  }

  @Test
  void countsOutOfOrderRepeatedOrBeyondTheLimitStopNamingTheKey() {
    for (String bad : List.of("2,1", "1,1", "1,9", "0,1", "one")) {
      assertThatThrownBy(() -> read("scaling.replicas = \"" + bad + "\""))
          .isInstanceOf(ConfigError.class)
          .hasMessageContaining("scaling.replicas")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void phasesStartAtEachCountsFirstRequestAfterTheOneBefore() {
    ScalingShape shape = read("quick = true, scaling.replicas = \"1,2,4\"");
    long phase = shape.phaseDuration().toMillis();
    List<LedgerEntry> ledger = new ArrayList<>();
    // Count 1 from t=1000 (one request a second), a last one a moment past its end, then 5 s of
    // scale-out, then count 2; the run ends before count 4.
    for (long t = 1000; t <= 1000 + phase + 300; t += 1000) {
      ledger.add(new LedgerEntry("a-" + t, "w", t, 202, 202, t + 5, "r"));
    }
    long second = 1000 + phase + 5000;
    for (long t = second; t < second + phase; t += 1000) {
      ledger.add(new LedgerEntry("b-" + t, "w", t, 202, 202, t + 5, "r"));
    }
    List<ScalingShape.Phase> phases = shape.phases(ledger);
    assertThat(phases).extracting(ScalingShape.Phase::replicas).containsExactly(1, 2);
    assertThat(phases.get(0).fromMs()).isEqualTo(1000);
    assertThat(phases.get(1).fromMs()).isEqualTo(second);
    assertThat(phases.get(0).entries(ledger)).allMatch(e -> e.loadId().startsWith("a-"));
    assertThat(phases.get(1).entries(ledger)).allMatch(e -> e.loadId().startsWith("b-"));
    assertThat(phases.get(0).entries(ledger).size() + phases.get(1).entries(ledger).size())
        .isEqualTo(ledger.size());
  }

  @Test
  void recordedStartsSplitTheLedgerSoThatNoRequestIsLost() {
    ScalingShape shape = read("quick = true, scaling.replicas = \"1,2,4\"");
    List<LedgerEntry> ledger = new ArrayList<>();
    // A count's last requests run 3 s late (an injector behind): a guess from the ledger alone
    // would start the next count at them; the recorded start does not.
    for (long t : new long[] {1000, 2000, 59_000, 62_000, 70_000, 71_000, 140_000}) {
      ledger.add(new LedgerEntry("x-" + t, "w", t, 202, 202, t + 5, "r"));
    }
    List<ScalingShape.Phase> phases = shape.phases(ledger, List.of(65_000L, 135_000L));
    assertThat(phases).extracting(ScalingShape.Phase::replicas).containsExactly(1, 2, 4);
    assertThat(phases.get(0).entries(ledger)).hasSize(4);
    assertThat(phases.get(1).entries(ledger)).hasSize(2);
    assertThat(phases.get(2).entries(ledger)).hasSize(1);
    // A scale-out recorded with nothing sent after it (the run stopped there): no phase for it.
    assertThat(shape.phases(ledger.subList(0, 6), List.of(65_000L, 135_000L)))
        .extracting(ScalingShape.Phase::replicas)
        .containsExactly(1, 2);
  }
}
