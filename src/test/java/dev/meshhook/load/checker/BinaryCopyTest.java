package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;

/** A binary copy's timestamps read as the driver reads them, the infinities included. */
class BinaryCopyTest {
  @Test
  void timestampsAreReadAsTheDriverReadsThem() {
    assertThat(BinaryCopy.instantOf(0)).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(BinaryCopy.instantOf(-1)).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
    assertThat(BinaryCopy.instantOf(1_500_000))
        .isEqualTo(Instant.parse("2000-01-01T00:00:01.500Z"));
    assertThat(BinaryCopy.instantOf(Long.MAX_VALUE))
        .isEqualTo(new Timestamp(PGStatement.DATE_POSITIVE_INFINITY).toInstant());
    assertThat(BinaryCopy.instantOf(Long.MIN_VALUE))
        .isEqualTo(new Timestamp(PGStatement.DATE_NEGATIVE_INFINITY).toInstant());
  }
}
