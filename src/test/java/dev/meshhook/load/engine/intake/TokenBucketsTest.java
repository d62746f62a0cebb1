package dev.meshhook.load.engine.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
  @Test
  void aBurstEmptiesTheBucketThenEachRequestWaitsForItsToken() {
    TokenBuckets buckets = new TokenBuckets(1, 5);
    UUID project = UUID.randomUUID();
    for (int i = 4; i >= 0; i--) {
      TokenBuckets.Decision d = buckets.take(project);
      assertThat(d.allowed()).isTrue();
      assertThat(d.limit()).isEqualTo(5);
      assertThat(d.remaining()).isEqualTo(i);
    }
    TokenBuckets.Decision refused = buckets.take(project);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.resetSeconds()).isBetween(4L, 5L);
    // Buckets are per project.
    assertThat(buckets.take(UUID.randomUUID()).allowed()).isTrue();
  }
}
