package dev.meshhook.load.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleFileTest {
  private static String fixed(double v, int decimals) {
    return SampleFile.fixed(new StringBuilder(), v, decimals).toString();
  }

  @Test
  void writesWhatFormatWouldForTheFiguresSampled() {
    double[] values = {0, 1, -1, 0.04, 0.05, 12.25, 99.96, 1234.5, -3.75, 7e9, 123_456.0001};
    for (double v : values) {
      for (int d = 0; d <= 4; d++) {
        assertThat(fixed(v, d))
            .as("%s with %d places", v, d)
            .isEqualTo(String.format(Locale.ROOT, "%." + d + "f", v));
      }
    }
    assertThat(fixed(-0.04, 0)).as("no minus zero, which format writes").isEqualTo("0");
    assertThat(fixed(Double.NaN, 2)).isEqualTo("NaN");
    assertThat(fixed(123_456_789_012.0, 0)).isEqualTo("123456789012");
    assertThat(fixed(Double.POSITIVE_INFINITY, 1)).isEqualTo("Infinity");
  }

  @Test
  void anyValueReadsBackWithinHalfItsLastPlace() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      double v = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(12));
      int d = random.nextInt(5);
      assertThat(Double.parseDouble(fixed(v, d)))
          .as("%s with %d places", v, d)
          .isCloseTo(v, within(0.5 * Math.pow(10, -d) * (1 + 1e-9) + Math.ulp(v) * 4));
    }
  }
}
