package dev.meshhook.load.report;

import dev.meshhook.load.html.Templates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One figure over a profile's runs as inline SVG: a polyline, each run a marked point with a {@code
 * <title>} (run, date, value) and coloured by its status, the value axis labelled with its unit.
 * Plain SVG, so the index opens offline from file:// with no script at all. The markup is the
 * template {@code trend-chart.peb}; the coordinates are computed and formatted here.
 */
public final class TrendChart {
  /** One run's value of the figure: when (the run axis), which run (its title), and its status. */
  public record Point(String date, String run, double value, String status) {}

  /** A value-axis label at {@code y}; {@code lineY} is the grid line's height, null for none. */
  private record Tick(String y, String label, String lineY) {}

  /** A drawn run: where, its status (class and colour) and its hover text. */
  private record Mark(String cx, String cy, String status, String fill, String title) {}

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
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    Map<String, Object> model = new HashMap<>();
    model.put("title", title);
    model.put("unit", unit);
    model.put("width", WIDTH);
    model.put("height", HEIGHT);
    model.put("left", LEFT);
    model.put("top", TOP);
    model.put("plotW", plotW);
    model.put("plotH", plotH);
    model.put("plotRight", LEFT + plotW);
    model.put("plotMiddle", TOP + plotH / 2);
    model.put("noRunsX", LEFT + 8);
    model.put("tickX", LEFT - 4);
    model.put("dateY", TOP + plotH + 13);
    model.put("countX", LEFT + plotW / 2);
    model.put("countY", HEIGHT - 4);
    model.put("drawn", !points.isEmpty());
    if (points.isEmpty()) {
      return Templates.render("trend-chart", model);
    }
    double max = points.stream().mapToDouble(Point::value).max().orElse(0);
    double min = Math.min(0, points.stream().mapToDouble(Point::value).min().orElse(0));
    if (max <= min) {
      max = min + 1; // a flat line of zeros still gets an axis
    }
    // Value axis: bottom, middle and top.
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i <= 2; i++) {
      double v = min + (max - min) * i / 2;
      double y = TOP + plotH - plotH * i / 2.0;
      ticks.add(new Tick(decimal(y + 3), tick(v), i > 0 && i < 2 ? decimal(y) : null));
    }
    StringBuilder line = new StringBuilder();
    List<Mark> marks = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      double x =
          LEFT + (points.size() == 1 ? plotW / 2.0 : plotW * i / (double) (points.size() - 1));
      double y = TOP + plotH - plotH * (p.value() - min) / (max - min);
      line.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", x, y));
      marks.add(
          new Mark(
              decimal(x),
              decimal(y),
              p.status(),
              LoadIndex.color(p.status()),
              p.date()
                  + " "
                  + p.run()
                  + ": "
                  + RegressionCheck.number(p.value())
                  + " "
                  + unit
                  + " ("
                  + p.status()
                  + ")"));
    }
    model.put("ticks", ticks);
    model.put("line", line.toString());
    model.put("marks", marks);
    // Run axis: the first and the last run's date, and how many runs lie between.
    model.put("firstDate", points.get(0).date());
    model.put("lastDate", points.get(points.size() - 1).date());
    model.put("several", points.size() > 1);
    model.put("count", points.size() == 1 ? "1 run" : points.size() + " runs, oldest to newest");
    return Templates.render("trend-chart", model);
  }

  private static String decimal(double coordinate) {
    return String.format(Locale.ROOT, "%.1f", coordinate);
  }

  /** A tick label: whole numbers from 100 up, so that the axis stays narrow. */
  private static String tick(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : RegressionCheck.number(v);
  }
}
