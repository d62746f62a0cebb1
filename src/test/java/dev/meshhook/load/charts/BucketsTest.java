package dev.meshhook.load.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketsTest {
  @Test
  void aShortRunGetsOneSecondBuckets() {
    Buckets b = Buckets.over(10_000, 10_000 + 59_999);
    assertThat(b.widthSeconds()).isEqualTo(1);
    assertThat(b.count()).isEqualTo(60);
    assertThat(b.index(10_000)).isZero();
    assertThat(b.index(10_999)).isZero();
    assertThat(b.index(11_000)).isEqualTo(1);
    assertThat(b.index(69_999)).isEqualTo(59);
    assertThat(b.index(70_000)).isEqualTo(-1);
    assertThat(b.index(9_999)).isEqualTo(-1);
    assertThat(b.x()).startsWith(0, 1, 2).hasSize(60);
  }

  @Test
  void aLongRunGetsWiderBucketsAndStaysUnderTheCap() {
    Buckets elevenMinutes = Buckets.over(0, 11 * 60_000);
    assertThat(elevenMinutes.widthSeconds()).isEqualTo(2);
    Buckets soak = Buckets.over(0, 2 * 3_600_000 + 60_000);
    assertThat(soak.widthSeconds()).isEqualTo(15);
    assertThat(soak.count()).isLessThanOrEqualTo(Buckets.MAX_BUCKETS);
    assertThat(soak.x()[1]).isEqualTo(15);
    assertThat(soak.index(15_000)).isEqualTo(1);
  }

  @Test
  void anInstantIsOneBucket() {
    assertThat(Buckets.over(5_000, 5_000).count()).isEqualTo(1);
  }
}
