package dev.meshhook.load.charts;

import java.util.List;

/**
 * One chart of a run: a title, the unit of its y axis, x in seconds since the run's start and one
 * or more series over that x. A chart with nothing to draw carries a {@code note} saying why ("no
 * resource samples in this run") instead of an empty plot.
 */
public record Timeline(
    String id, String title, String unit, double[] x, List<TimelineSeries> series, String note) {
  public static Timeline note(String id, String title, String unit, String note) {
    return new Timeline(id, title, unit, new double[0], List.of(), note);
  }

  public boolean drawable() {
    return note == null;
  }
}
