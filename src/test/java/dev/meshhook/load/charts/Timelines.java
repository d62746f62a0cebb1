package dev.meshhook.load.charts;

import java.util.List;

/**
 * Everything the verification report draws over time: the charts, on one time axis that starts at
 * {@code startEpochMs}, with ledger figures counted in buckets of {@code bucketSeconds}, and the
 * faults to draw as bands on each.
 */
public record Timelines(
    long startEpochMs, int bucketSeconds, List<Timeline> charts, List<FaultBand> faults) {
  public Timeline chart(String id) {
    return charts.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no chart " + id));
  }
}
