package dev.meshhook.load.charts;

/**
 * One line of a chart: its legend label and one value per point of the chart's x; NaN where there
 * is nothing to draw, so the line shows a gap rather than a made-up zero.
 */
public record TimelineSeries(String label, double[] values) {
  public boolean empty() {
    for (double v : values) {
      if (!Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }
}
