package dev.meshhook.load.figures;

/** Least-squares slope of y over x; NaN (not measured) with fewer than two points. */
final class Slope {
  private Slope() {}

  static double of(double[] x, double[] y) {
    int n = 0;
    double sx = 0, sy = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(y[i])) {
        n++;
        sx += x[i];
        sy += y[i];
      }
    }
    if (n < 2) {
      return Double.NaN;
    }
    double mx = sx / n, my = sy / n, num = 0, den = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(y[i])) {
        num += (x[i] - mx) * (y[i] - my);
        den += (x[i] - mx) * (x[i] - mx);
      }
    }
    return den == 0 ? 0 : num / den;
  }
}
