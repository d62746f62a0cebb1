package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.evidence.ResourceSampler;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceFiguresTest {
  private static ResourceSampler.Sample opened(long epochMs, double connections) {
    return new ResourceSampler.Sample(
        epochMs, 100, 50, 40, 20, 1, 0, 0, 12, 8, 30, 16, 2, 8, 0.1, connections);
  }

  private static Classification.Row row(List<ResourceSampler.Sample> samples) {
    return ResourceFigures.rows(samples).stream()
        .filter(r -> r.figure().equals(ResourceFigures.CONNECTIONS_OPENED))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void connectionsOpenedAreTheCountersGrowthFromTheFirstSampleToTheLast() {
    Classification.Row row =
        row(
            List.of(
                opened(1000, 12), opened(2000, 40), opened(3000, Double.NaN), opened(4000, 70)));
    assertThat(row.value()).isEqualTo(58);
    assertThat(row.unit()).isEqualTo("connections");
    assertThat(row.judged()).isFalse();
    assertThat(row.describe()).isEqualTo("connections opened by the engine 58 connections");
  }

  @Test
  void aRestartedEngineCountsFromZeroAgain() {
    // 10 opened before the restart, then 7 by the new process.
    assertThat(row(List.of(opened(1000, 100), opened(2000, 110), opened(3000, 7))).value())
        .isEqualTo(17);
  }

  @Test
  void aTargetThatDoesNotCountThemIsNotMeasuredNeverZero() {
    Classification.Row row = row(List.of(opened(1000, Double.NaN), opened(2000, Double.NaN)));
    assertThat(row.value()).isNaN();
    assertThat(row.judged()).isFalse();
    assertThat(row.describe())
        .startsWith("connections opened by the engine not judged: not measured");
    assertThat(row(List.of(opened(1000, 5))).value()).as("one sample measures no growth").isNaN();
  }
}
