package dev.meshhook.load.figures;

import dev.meshhook.load.evidence.ResourceSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What the engine and its database used during the run, from the sampled resources, for every
 * profile.
 */
public final class ResourceFigures {
  private ResourceFigures() {}

  public static List<Classification.Row> rows(List<ResourceSampler.Sample> samples) {
    List<Classification.Row> rows = new ArrayList<>();
    if (samples.isEmpty()) {
      return rows;
    }
    rows.add(
        Classification.info(
            "engine CPU mean (of the machine)",
            mean(samples, ResourceSampler.Sample::cpuPercent),
            "%"));
    rows.add(
        Classification.info("engine heap max", max(samples, ResourceSampler.Sample::heapMb), "MB"));
    rows.add(
        Classification.info(
            "DB connections max", max(samples, ResourceSampler.Sample::dbConnections), ""));
    rows.add(
        Classification.info(
            "DB pool waiting max", max(samples, ResourceSampler.Sample::poolPending), ""));
    rows.add(
        Classification.info(
            "queue depth max", max(samples, ResourceSampler.Sample::queueDepth), "runs"));
    rows.add(
        Classification.info("DB size at end", samples.get(samples.size() - 1).dbSizeMb(), "MB"));
    return rows;
  }

  /** The mean of a figure over the samples that measured it; NaN (shown as n/a) when none did. */
  static double mean(
      List<ResourceSampler.Sample> samples, ToDoubleFunction<ResourceSampler.Sample> f) {
    return samples.stream()
        .mapToDouble(f)
        .filter(v -> !Double.isNaN(v))
        .average()
        .orElse(Double.NaN);
  }

  /**
   * The highest value of a figure over the samples that measured it; NaN (shown as n/a) when none
   * did.
   */
  static double max(
      List<ResourceSampler.Sample> samples, ToDoubleFunction<ResourceSampler.Sample> f) {
    return samples.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
  }

  /** The samples taken from {@code from} (inclusive) to {@code to} (exclusive). */
  static List<ResourceSampler.Sample> between(
      List<ResourceSampler.Sample> samples, long from, long to) {
    return samples.stream().filter(s -> s.epochMs() >= from && s.epochMs() < to).toList();
  }
}
