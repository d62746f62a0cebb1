package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyTest {
  @Test
  void nearestRankPercentiles() {
    Latency l = Latency.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());
    assertThat(l).isEqualTo(new Latency(100, 50, 95, 99, 100));
    assertThat(Latency.of(new long[] {7})).isEqualTo(new Latency(1, 7, 7, 7, 7));
    assertThat(Latency.of(new long[0])).isEqualTo(Latency.NONE);
  }

  @Test
  void overNoSamplesEveryFigureIsUnknownNotZero() {
    Latency none = Latency.of(new long[0]);
    assertThat(none.measured()).isFalse();
    assertThat(none.p50OrNaN()).isNaN();
    assertThat(none.p95OrNaN()).isNaN();
    assertThat(none.p99OrNaN()).isNaN();
    assertThat(none.maxOrNaN()).isNaN();
    Latency one = Latency.of(new long[] {7});
    assertThat(one.measured()).isTrue();
    assertThat(one.p50OrNaN()).isEqualTo(7);
    assertThat(one.maxOrNaN()).isEqualTo(7);
    assertThat(none.describe()).isEqualTo("n/a");
    assertThat(Latency.of(new long[] {1200, 7}).describe())
        .isEqualTo("p50 7 ms, p95 1,200 ms, p99 1,200 ms, max 1,200 ms");
  }
}
