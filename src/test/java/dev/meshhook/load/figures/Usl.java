package dev.meshhook.load.figures;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Neil Gunther's Universal Scalability Law fitted to measured (concurrency, throughput) points:
 * {@code X(N) = λN / (1 + σ(N−1) + κN(N−1))}, with λ the throughput of one unit of concurrency, σ
 * the cost of contention (queueing for something shared) and κ the cost of coherency (units waiting
 * on each other, which makes throughput fall past a peak).
 *
 * <p>The fit is least squares on throughput with σ ≥ 0, κ ≥ 0, λ > 0; each parameter carries a
 * bootstrap 95 % interval, so a verdict rests on what the points can tell apart and not on the
 * point estimate alone. Fewer than {@value #MIN_POINTS} points, or a fit that does not converge,
 * give {@link Verdict#UNKNOWN} with the reason and no parameters (NaN), never a guess.
 *
 * @param peakConcurrency {@code floor(sqrt((1−σ)/κ))}, where throughput peaks; +∞ when κ is
 *     negligible (throughput keeps rising as far as the model can tell); NaN when unknown
 * @param peakThroughput the model's throughput at {@code peakConcurrency}; with no peak, the
 *     ceiling throughput approaches, λ/σ (+∞ when σ is negligible too)
 * @param efficiency the model's throughput at the largest observed concurrency over λ times that
 *     concurrency: 1 is perfectly linear
 * @param reason why the verdict is unknown; null otherwise
 */
public record Usl(
    double lambda,
    Interval lambdaInterval,
    double sigma,
    Interval sigmaInterval,
    double kappa,
    Interval kappaInterval,
    double r2,
    double peakConcurrency,
    double peakThroughput,
    double efficiency,
    List<Point> points,
    Verdict verdict,
    String reason) {

  /** Three parameters and at least one degree of freedom left to judge the fit by. */
  public static final int MIN_POINTS = 4;

  /** Enough for the 2.5 and 97.5 percentiles to rest on 25 resamples each. */
  public static final int RESAMPLES = 1000;

  /** Fixed, so the same points always give the same intervals (and verdict) in every report. */
  public static final long SEED = 0x55AL;

  /** Fewer usable resamples than this and the tails of the intervals are too thin to trust. */
  static final int MIN_RESAMPLES = RESAMPLES / 10;

  /**
   * A cost term smaller than this share of the denominator at the largest observed concurrency is
   * no cost at all: it changes the predicted throughput there by under 0.1 %, and a parameter whose
   * optimum lies on its bound of 0 is reached only to within the optimizer's tolerance.
   */
  static final double NEGLIGIBLE = 1e-3;

  /** At or above this efficiency at the largest concurrency, scaling is called linear. */
  static final double LINEAR_EFFICIENCY = 0.8;

  private static final int MAX_EVALUATIONS = 5_000;

  /**
   * One stable step: {@code concurrency} the engine held on average (Little's law, server side:
   * throughput × response time), or a replica count; {@code throughput} per second.
   */
  public record Point(double concurrency, double throughput) {}

  /** A bootstrap percentile interval; both ends NaN when it could not be computed. */
  public record Interval(double low, double high) {
    static final Interval NONE = new Interval(Double.NaN, Double.NaN);

    public boolean known() {
      return !Double.isNaN(low) && !Double.isNaN(high);
    }
  }

  public enum Verdict {
    /** Both σ and κ indistinguishable from 0 and at least 80 % efficiency at the largest N. */
    LINEAR,
    /** Throughput grows less than linearly, but has not passed its peak at the largest N. */
    CONTENTION_LIMITED,
    /** The largest observed concurrency lies beyond the peak: more concurrency, less throughput. */
    RETROGRADE,
    /**
     * Too few points, no fit, or too few resamples to tell σ and κ from 0 (the one case that keeps
     * its parameters): see the reason.
     */
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public Usl {
    points = List.copyOf(points);
  }

  /** The model's throughput at concurrency {@code n}; NaN when unknown. */
  public double throughputAt(double n) {
    return model(lambda, sigma, kappa, n);
  }

  /** The model's curve at the given concurrencies, for a chart beside the measured points. */
  public List<Point> curve(double... concurrencies) {
    return Arrays.stream(concurrencies).mapToObj(n -> new Point(n, throughputAt(n))).toList();
  }

  /** The model fitted to {@code points}, with bootstrap intervals and a verdict. */
  public static Usl fit(List<Point> points) {
    int count = points.size();
    if (count < MIN_POINTS) {
      return unknown(
          points,
          count + " stable step" + (count == 1 ? "" : "s") + "; the fit needs " + MIN_POINTS);
    }
    for (int i = 0; i < count; i++) {
      Point p = points.get(i);
      if (!(p.concurrency() > 0 && Double.isFinite(p.concurrency()))
          || !(p.throughput() >= 0 && Double.isFinite(p.throughput()))) {
        return unknown(
            points,
            String.format(
                Locale.ROOT,
                "point %d (N=%s, X=%s) is not a measurement: concurrency must be positive and"
                    + " throughput at least 0",
                i + 1,
                p.concurrency(),
                p.throughput()));
      }
    }
    double[] n = points.stream().mapToDouble(Point::concurrency).toArray();
    double[] x = points.stream().mapToDouble(Point::throughput).toArray();
    long levels = Arrays.stream(n).distinct().count();
    if (levels < 3) {
      // Repeated steps at one level measure noise, not scaling: three parameters need three levels.
      return unknown(
          points,
          count
              + " stable steps at only "
              + levels
              + " concurrency level"
              + (levels == 1 ? "" : "s")
              + "; the fit needs 3");
    }
    if (Arrays.stream(x).allMatch(v -> v == 0)) {
      return unknown(points, "no step had any throughput");
    }
    Fit best = fit(n, x, starts(n, x));
    if (best.failure() != null) {
      return unknown(points, "the fit did not converge: " + best.failure());
    }

    double nMax = Arrays.stream(n).max().orElseThrow();
    double lambda = best.lambda(), sigma = best.sigma(), kappa = best.kappa();
    boolean contention = sigma * Math.abs(nMax - 1) >= NEGLIGIBLE;
    boolean coherency = kappa * nMax * Math.abs(nMax - 1) >= NEGLIGIBLE;
    double peakN, peakX;
    if (coherency) {
      // σ ≥ 1 would put the peak below one unit of concurrency; one is the least there is.
      peakN = Math.max(1, Math.floor(Math.sqrt(Math.max(0, 1 - sigma) / kappa)));
      peakX = model(lambda, sigma, kappa, peakN);
    } else {
      peakN = Double.POSITIVE_INFINITY;
      peakX = contention ? lambda / sigma : Double.POSITIVE_INFINITY;
    }
    double efficiency = model(lambda, sigma, kappa, nMax) / (lambda * nMax);

    Interval[] intervals = bootstrap(n, x, best);
    Verdict verdict;
    String reason = null;
    if (coherency && nMax > peakN) {
      verdict = Verdict.RETROGRADE;
    } else if (!intervals[0].known()) {
      verdict = Verdict.UNKNOWN;
      reason =
          "fewer than "
              + MIN_RESAMPLES
              + " of "
              + RESAMPLES
              + " bootstrap resamples could be fitted, so σ and κ cannot be told from 0";
    } else if (intervals[1].low() * Math.abs(nMax - 1) < NEGLIGIBLE
        && intervals[2].low() * nMax * Math.abs(nMax - 1) < NEGLIGIBLE
        && efficiency >= LINEAR_EFFICIENCY) {
      verdict = Verdict.LINEAR;
    } else {
      verdict = Verdict.CONTENTION_LIMITED;
    }
    return new Usl(
        lambda,
        intervals[0],
        sigma,
        intervals[1],
        kappa,
        intervals[2],
        r2(n, x, lambda, sigma, kappa),
        peakN,
        peakX,
        efficiency,
        points,
        verdict,
        reason);
  }

  static Usl unknown(List<Point> points, String reason) {
    double nan = Double.NaN;
    return new Usl(
        nan,
        Interval.NONE,
        nan,
        Interval.NONE,
        nan,
        Interval.NONE,
        nan,
        nan,
        nan,
        nan,
        points,
        Verdict.UNKNOWN,
        reason);
  }

  private static double model(double lambda, double sigma, double kappa, double n) {
    return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
  }

  private static double r2(double[] n, double[] x, double lambda, double sigma, double kappa) {
    double mean = Arrays.stream(x).average().orElseThrow(), residual = 0, total = 0;
    for (int i = 0; i < n.length; i++) {
      residual += Math.pow(x[i] - model(lambda, sigma, kappa, n[i]), 2);
      total += Math.pow(x[i] - mean, 2);
    }
    // Equal throughput everywhere leaves nothing for the model to explain: R² is undefined.
    return total == 0 ? Double.NaN : 1 - residual / total;
  }

  /** The fitted parameters, or why there are none. */
  private record Fit(double lambda, double sigma, double kappa, double cost, String failure) {}

  /**
   * Levenberg-Marquardt over (c, a, b) with λ = c², σ = a², κ = b²: the bounds then hold by
   * construction and every minimum of this unconstrained problem is a minimum of the bounded one. A
   * ParameterValidator that clamps instead lets the optimizer take steps whose predicted gain
   * assumed the unclamped move, and on data whose best σ or κ is 0 (linear or super-linear) it can
   * stall short of the bounded optimum. The squares' one weakness, a zero gradient at exactly 0, is
   * kept away from by never starting there. The best of several starts wins.
   */
  private static Fit fit(double[] n, double[] x, List<double[]> starts) {
    Fit best = null;
    String failure = "no start converged";
    for (double[] start : starts) {
      try {
        LeastSquaresOptimizer.Optimum optimum =
            new LevenbergMarquardtOptimizer()
                .optimize(
                    new LeastSquaresBuilder()
                        .start(
                            new double[] {
                              Math.sqrt(start[0]), Math.sqrt(start[1]), Math.sqrt(start[2])
                            })
                        .model(jacobian(n))
                        .target(x)
                        .lazyEvaluation(false)
                        .maxEvaluations(MAX_EVALUATIONS)
                        .maxIterations(MAX_EVALUATIONS)
                        .build());
        double[] p = optimum.getPoint().toArray();
        Fit fit = new Fit(p[0] * p[0], p[1] * p[1], p[2] * p[2], optimum.getCost(), null);
        boolean finite =
            Double.isFinite(fit.lambda())
                && Double.isFinite(fit.sigma())
                && Double.isFinite(fit.kappa())
                && Double.isFinite(fit.cost());
        if (!finite) {
          failure = "the parameters left the finite numbers";
        } else if (fit.lambda() > 0 && (best == null || fit.cost() < best.cost())) {
          best = fit;
        }
      } catch (MathIllegalStateException e) {
        failure = e.getMessage();
      }
    }
    return best != null ? best : new Fit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, failure);
  }

  /**
   * λ from the smallest concurrency's throughput per unit, which is where the costs weigh least.
   * Given that λ, the law is linear in σ and κ ({@code λN/X − 1 = σ(N−1) + κN(N−1)}): a linear
   * least squares gives them. A second start near linear scaling covers data that linearisation
   * misleads.
   */
  private static List<double[]> starts(double[] n, double[] x) {
    double nMin = Arrays.stream(n).min().orElseThrow();
    double lambda =
        IntStream.range(0, n.length)
            .filter(i -> n[i] == nMin)
            .mapToDouble(i -> x[i] / n[i])
            .average()
            .orElseThrow();
    if (!(lambda > 0)) {
      lambda = IntStream.range(0, n.length).mapToDouble(i -> x[i] / n[i]).max().orElseThrow();
    }
    double suu = 0, suv = 0, svv = 0, suy = 0, svy = 0;
    for (int i = 0; i < n.length; i++) {
      if (x[i] > 0) {
        double u = n[i] - 1, v = n[i] * (n[i] - 1), y = lambda * n[i] / x[i] - 1;
        suu += u * u;
        suv += u * v;
        svv += v * v;
        suy += u * y;
        svy += v * y;
      }
    }
    double det = suu * svv - suv * suv;
    double sigma = det != 0 ? (suy * svv - svy * suv) / det : 0;
    double kappa = det != 0 ? (svy * suu - suy * suv) / det : 0;
    return List.of(
        offZero(n, lambda, Double.isFinite(sigma) ? sigma : 0, Double.isFinite(kappa) ? kappa : 0),
        offZero(n, lambda, 0, 0));
  }

  /**
   * A start at (λ, σ, κ), with σ and κ raised to where each costs 0.1 % at the largest concurrency
   * if they were below it: far enough from 0 for the squares to move, near enough to find it.
   */
  private static double[] offZero(double[] n, double lambda, double sigma, double kappa) {
    double nMax = Arrays.stream(n).max().orElseThrow();
    return new double[] {
      lambda,
      Math.max(sigma, NEGLIGIBLE / Math.max(1, Math.abs(nMax - 1))),
      Math.max(kappa, NEGLIGIBLE / Math.max(1, nMax * Math.abs(nMax - 1)))
    };
  }

  /** Throughput and its derivatives in (c, a, b), where λ = c², σ = a², κ = b². */
  private static MultivariateJacobianFunction jacobian(double[] n) {
    return point -> {
      double c = point.getEntry(0), a = point.getEntry(1), b = point.getEntry(2);
      double lambda = c * c, sigma = a * a, kappa = b * b;
      ArrayRealVector value = new ArrayRealVector(n.length);
      Array2DRowRealMatrix jacobian = new Array2DRowRealMatrix(n.length, 3);
      for (int i = 0; i < n.length; i++) {
        double d = 1 + sigma * (n[i] - 1) + kappa * n[i] * (n[i] - 1);
        double xi = lambda * n[i] / d;
        value.setEntry(i, xi);
        jacobian.setEntry(i, 0, 2 * c * n[i] / d);
        jacobian.setEntry(i, 1, -xi * (n[i] - 1) / d * 2 * a);
        jacobian.setEntry(i, 2, -xi * n[i] * (n[i] - 1) / d * 2 * b);
      }
      return new Pair<>(value, jacobian);
    };
  }

  /**
   * Percentile intervals of λ, σ, κ over {@value #RESAMPLES} resamples of the points drawn with
   * replacement. A resample with fewer than three concurrency levels, or whose fit fails, says
   * nothing about the parameters and is skipped; with fewer than {@link #MIN_RESAMPLES} left, the
   * intervals are not known. Each resample starts from the fit to all the points, which lies near
   * its own optimum: one start instead of the full fit's several halves the time.
   */
  private static Interval[] bootstrap(double[] n, double[] x, Fit all) {
    Random random = new Random(SEED);
    double[][] estimates = new double[3][RESAMPLES];
    int used = 0;
    double[] rn = new double[n.length], rx = new double[n.length];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < n.length; i++) {
        int pick = random.nextInt(n.length);
        rn[i] = n[pick];
        rx[i] = x[pick];
      }
      if (Arrays.stream(rn).distinct().count() < 3 || Arrays.stream(rx).allMatch(v -> v == 0)) {
        continue;
      }
      Fit fit = fit(rn, rx, List.of(offZero(rn, all.lambda(), all.sigma(), all.kappa())));
      if (fit.failure() == null) {
        estimates[0][used] = fit.lambda();
        estimates[1][used] = fit.sigma();
        estimates[2][used] = fit.kappa();
        used++;
      }
    }
    Interval[] intervals = new Interval[3];
    for (int k = 0; k < 3; k++) {
      if (used < MIN_RESAMPLES) {
        intervals[k] = Interval.NONE;
      } else {
        double[] sorted = Arrays.copyOf(estimates[k], used);
        Arrays.sort(sorted);
        intervals[k] = new Interval(quantile(sorted, 0.025), quantile(sorted, 0.975));
      }
    }
    return intervals;
  }

  /** Linear interpolation between order statistics (R's default, type 7). */
  private static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
