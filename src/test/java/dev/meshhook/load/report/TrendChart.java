package dev.meshhook.load.report;

import java.util.List;
import java.util.Locale;

/**
 * One figure over a profile's runs as inline SVG: a polyline, each run a marked point with a {@code
 * <title>} (run, date, value) and coloured by its status, the value axis labelled with its unit.
 * Plain SVG, so the index opens offline from file:// with no script at all.
 */
public final class TrendChart {
  /** One run's value of the figure: when (the run axis), which run (its title), and its status. */
  public record Point(String date, String run, double value, String status) {}

  static final int WIDTH = 360;
  static final int HEIGHT = 170;
  private static final int LEFT = 62;
  private static final int RIGHT = 12;
  private static final int TOP = 24;
  private static final int BOTTOM = 36;

  private TrendChart() {}

  /**
   * Points oldest first; a run without a value for the figure (n/a) is left out, not drawn at 0; no
   * point at all draws the frame with "no runs".
   */
  public static String svg(String title, String unit, List<Point> all) {
    List<Point> points = all.stream().filter(p -> Double.isFinite(p.value())).toList();
    StringBuilder b = new StringBuilder(1024);
    b.append("<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(LoadIndex.esc(title + " (" + unit + ")"))
        .append("\">");
    b.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"14\" font-size=\"12\" font-weight=\"600\">")
        .append(LoadIndex.esc(title))
        .append(" (")
        .append(LoadIndex.esc(unit))
        .append(")</text>");
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    b.append("<rect x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(plotW)
        .append("\" height=\"")
        .append(plotH)
        .append("\" fill=\"none\" stroke=\"#d0d7de\"/>");
    if (points.isEmpty()) {
      return b.append("<text x=\"")
          .append(LEFT + 8)
          .append("\" y=\"")
          .append(TOP + plotH / 2)
          .append("\" font-size=\"11\">no runs</text></svg>")
          .toString();
    }
    double max = points.stream().mapToDouble(Point::value).max().orElse(0);
    double min = Math.min(0, points.stream().mapToDouble(Point::value).min().orElse(0));
    if (max <= min) {
      max = min + 1; // a flat line of zeros still gets an axis
    }
    // Value axis: bottom, middle and top, and the unit along it.
    b.append(
        String.format(
            Locale.ROOT,
            "<text transform=\"translate(11,%d) rotate(-90)\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
            TOP + plotH / 2,
            LoadIndex.esc(unit)));
    for (int i = 0; i <= 2; i++) {
      double v = min + (max - min) * i / 2;
      double y = TOP + plotH - plotH * i / 2.0;
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
              LEFT - 4,
              y + 3,
              LoadIndex.esc(tick(v))));
      if (i > 0 && i < 2) {
        b.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eaeef2\"/>",
                LEFT,
                LEFT + plotW,
                y,
                y));
      }
    }
    StringBuilder line = new StringBuilder();
    StringBuilder marks = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      double x =
          LEFT + (points.size() == 1 ? plotW / 2.0 : plotW * i / (double) (points.size() - 1));
      double y = TOP + plotH - plotH * (p.value() - min) / (max - min);
      line.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", x, y));
      marks.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"point %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>",
              LoadIndex.esc(p.status()),
              x,
              y,
              LoadIndex.color(p.status()),
              LoadIndex.esc(
                  p.date()
                      + " "
                      + p.run()
                      + ": "
                      + RegressionCheck.number(p.value())
                      + " "
                      + unit
                      + " ("
                      + p.status()
                      + ")")));
    }
    b.append("<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"1.5\" points=\"")
        .append(line)
        .append("\"/>")
        .append(marks);
    // Run axis: the first and the last run's date, and how many runs lie between.
    b.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP + plotH + 13)
        .append("\" font-size=\"10\">")
        .append(LoadIndex.esc(points.get(0).date()))
        .append("</text>");
    if (points.size() > 1) {
      b.append("<text x=\"")
          .append(LEFT + plotW)
          .append("\" y=\"")
          .append(TOP + plotH + 13)
          .append("\" font-size=\"10\" text-anchor=\"end\">")
          .append(LoadIndex.esc(points.get(points.size() - 1).date()))
          .append("</text>");
    }
    b.append("<text x=\"")
        .append(LEFT + plotW / 2)
        .append("\" y=\"")
        .append(HEIGHT - 4)
        .append("\" font-size=\"10\" text-anchor=\"middle\">")
        .append(points.size() == 1 ? "1 run" : points.size() + " runs, oldest to newest")
        .append("</text>");
    return b.append("</svg>").toString();
  }

  /** A tick label: whole numbers from 100 up, so that the axis stays narrow. */
  private static String tick(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : RegressionCheck.number(v);
  }
}
