package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class UslTest {
  /**
   * A Cisco system's throughput at 1 to 32 concurrent clients, and the USL parameters fitted to it,
   * from Baron Schwartz, "Practical Scalability Analysis with the Universal Scalability Law"
   * (VividCortex, 2015), as codahale/usl4j reproduces them: README.md ("How to use this") lists the
   * first eight points; src/test/java/com/codahale/usl4j/tests/ModelTest.java lists all 32 and the
   * book's σ, κ, λ, peak concurrency and peak throughput, which usl4j matches within 0.02 %.
   */
  private static final double[][] CISCO = {
    {1, 955.16},
    {2, 1878.91},
    {3, 2688.01},
    {4, 3548.68},
    {5, 4315.54},
    {6, 5130.43},
    {7, 5931.37},
    {8, 6531.08},
    {9, 7219.8},
    {10, 7867.61},
    {11, 8278.71},
    {12, 8646.7},
    {13, 9047.84},
    {14, 9426.55},
    {15, 9645.37},
    {16, 9897.24},
    {17, 10097.6},
    {18, 10240.5},
    {19, 10532.39},
    {20, 10798.52},
    {21, 11151.43},
    {22, 11518.63},
    {23, 11806},
    {24, 12089.37},
    {25, 12075.41},
    {26, 12177.29},
    {27, 12211.41},
    {28, 12158.93},
    {29, 12155.27},
    {30, 12118.04},
    {31, 12140.4},
    {32, 12074.39}
  };

  private static final double BOOK_SIGMA = 0.02671591;
  private static final double BOOK_KAPPA = 7.690945e-4;
  private static final double BOOK_LAMBDA = 995.6486;
  private static final double BOOK_PEAK_CONCURRENCY = 35;
  private static final double BOOK_PEAK_THROUGHPUT = 12341;

  private static List<Usl.Point> points(double[][] rows) {
    return Arrays.stream(rows).map(r -> new Usl.Point(r[0], r[1])).toList();
  }

  /** Throughput from {@code law} at concurrency 1 to {@code last}. */
  private static List<Usl.Point> steps(int last, DoubleUnaryOperator law) {
    List<Usl.Point> points = new ArrayList<>();
    for (int n = 1; n <= last; n++) {
      points.add(new Usl.Point(n, law.applyAsDouble(n)));
    }
    return points;
  }

  private static double usl(double lambda, double sigma, double kappa, double n) {
    return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
  }

  @Test
  void thePublishedCiscoBenchmarkGivesTheBooksParametersWithinFivePercent() {
    Usl usl = Usl.fit(points(CISCO));

    assertThat(usl.sigma()).isCloseTo(BOOK_SIGMA, withinPercentage(5));
    assertThat(usl.kappa()).isCloseTo(BOOK_KAPPA, withinPercentage(5));
    assertThat(usl.lambda()).isCloseTo(BOOK_LAMBDA, withinPercentage(5));
    assertThat(usl.peakConcurrency()).isEqualTo(BOOK_PEAK_CONCURRENCY);
    assertThat(usl.peakThroughput()).isCloseTo(BOOK_PEAK_THROUGHPUT, withinPercentage(5));
    assertThat(usl.r2()).isGreaterThan(0.99);
    // 32 clients is short of the peak at 35, and both costs are clearly above 0.
    assertThat(usl.verdict()).isEqualTo(Usl.Verdict.CONTENTION_LIMITED);
    assertThat(usl.sigmaInterval().low()).isPositive().isLessThan(usl.sigma());
    assertThat(usl.sigmaInterval().high()).isGreaterThan(usl.sigma());
    assertThat(usl.kappaInterval().low()).isPositive().isLessThan(usl.kappa());
    assertThat(usl.kappaInterval().high()).isGreaterThan(usl.kappa());
    assertThat(usl.reason()).isNull();
    // A fixed seed: the same points give the same intervals in every report.
    assertThat(Usl.fit(points(CISCO))).isEqualTo(usl);
  }

  @Test
  void exactSyntheticDataGivesBackTheParametersItWasMadeFrom() {
    Usl usl = Usl.fit(steps(20, n -> usl(100, 0.05, 0.002, n)));

    assertThat(usl.lambda()).isCloseTo(100, withinPercentage(0.01));
    assertThat(usl.sigma()).isCloseTo(0.05, withinPercentage(0.01));
    assertThat(usl.kappa()).isCloseTo(0.002, withinPercentage(0.01));
    assertThat(usl.r2()).isCloseTo(1, offset(1e-9));
    // sqrt(0.95 / 0.002) = 21.8: the peak lies just past the last step.
    assertThat(usl.peakConcurrency()).isEqualTo(21);
    assertThat(usl.peakThroughput()).isCloseTo(usl(100, 0.05, 0.002, 21), withinPercentage(0.01));
    assertThat(usl.efficiency())
        .isCloseTo(1 / (1 + 0.05 * 19 + 0.002 * 380), withinPercentage(0.01));
    assertThat(usl.verdict()).isEqualTo(Usl.Verdict.CONTENTION_LIMITED);
    // Every resample lies on the same curve, so every interval closes on its parameter.
    assertThat(usl.kappaInterval().low()).isCloseTo(0.002, withinPercentage(0.01));
    assertThat(usl.kappaInterval().high()).isCloseTo(0.002, withinPercentage(0.01));
    List<Usl.Point> curve = usl.curve(1, 10, 40);
    assertThat(curve).extracting(Usl.Point::concurrency).containsExactly(1.0, 10.0, 40.0);
    for (Usl.Point p : curve) {
      assertThat(p.throughput())
          .isCloseTo(usl(100, 0.05, 0.002, p.concurrency()), withinPercentage(0.01));
    }
  }

  @Test
  void perfectlyLinearDataIsLinear() {
    Usl usl = Usl.fit(steps(8, n -> 50 * n));

    assertThat(usl.verdict()).isEqualTo(Usl.Verdict.LINEAR);
    assertThat(usl.lambda()).isCloseTo(50, withinPercentage(0.01));
    assertThat(usl.sigma()).isCloseTo(0, offset(1e-6));
    assertThat(usl.kappa()).isCloseTo(0, offset(1e-8));
    assertThat(usl.efficiency()).isCloseTo(1, offset(1e-4));
    assertThat(usl.peakConcurrency()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(usl.reason()).isNull();
  }

  @Test
  void dataPastItsPeakIsRetrograde() {
    // Peak at floor(sqrt(0.98 / 0.01)) = 9; measured to 16, with ±1 % of noise.
    Usl usl = Usl.fit(steps(16, n -> usl(100, 0.02, 0.01, n) * (n % 2 == 0 ? 1.01 : 0.99)));

    assertThat(usl.verdict()).isEqualTo(Usl.Verdict.RETROGRADE);
    assertThat(usl.peakConcurrency()).isBetween(8.0, 10.0);
    assertThat(usl.kappa()).isCloseTo(0.01, withinPercentage(10));
    assertThat(usl.throughputAt(16)).isLessThan(usl.peakThroughput());
  }

  @Test
  void threePointsAreUnknownWithTheReasonAndNoParameters() {
    Usl usl = Usl.fit(steps(3, n -> 50 * n));

    assertThat(usl.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(usl.reason()).isEqualTo("3 stable steps; the fit needs 4");
    assertThat(usl.lambda()).isNaN();
    assertThat(usl.sigma()).isNaN();
    assertThat(usl.kappa()).isNaN();
    assertThat(usl.r2()).isNaN();
    assertThat(usl.peakConcurrency()).isNaN();
    assertThat(usl.sigmaInterval().known()).isFalse();
    assertThat(usl.throughputAt(2)).isNaN();
    assertThat(usl.points()).hasSize(3);
    assertThat(usl.verdict().label()).isEqualTo("unknown");
  }

  @Test
  void repeatedLevelsAndImpossiblePointsAreUnknownToo() {
    List<Usl.Point> twoLevels =
        List.of(
            new Usl.Point(1, 10), new Usl.Point(1, 11), new Usl.Point(2, 19), new Usl.Point(2, 20));
    assertThat(Usl.fit(twoLevels).reason())
        .isEqualTo("4 stable steps at only 2 concurrency levels; the fit needs 3");

    List<Usl.Point> nan = new ArrayList<>(steps(4, n -> 50 * n));
    nan.set(2, new Usl.Point(3, Double.NaN));
    assertThat(Usl.fit(nan).verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(Usl.fit(nan).reason()).startsWith("point 3 (N=3.0, X=NaN) is not a measurement");
  }

  @Test
  void superLinearDataKeepsSigmaAndKappaAtOrAboveZero() {
    // Unbounded, this would fit a negative σ; the law's costs cannot be negative, so the closest
    // it can come is no cost at all: linear.
    Usl usl = Usl.fit(steps(8, n -> 10 * Math.pow(n, 1.3)));

    assertThat(usl.sigma()).isGreaterThanOrEqualTo(0).isCloseTo(0, offset(1e-4));
    assertThat(usl.kappa()).isGreaterThanOrEqualTo(0).isCloseTo(0, offset(1e-5));
    assertThat(usl.sigmaInterval().low()).isGreaterThanOrEqualTo(0);
    assertThat(usl.kappaInterval().low()).isGreaterThanOrEqualTo(0);
    assertThat(usl.lambda()).isPositive();
    assertThat(usl.verdict()).isEqualTo(Usl.Verdict.LINEAR);
  }

  @Test
  void verdictsReadInLowerCase() {
    assertThat(Arrays.stream(Usl.Verdict.values()).map(Usl.Verdict::label))
        .containsExactly("linear", "contention-limited", "retrograde", "unknown");
  }
}
