package dev.meshhook.load.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** What the engine and its database used during the run, from the sampled resources, for every profile. */
final class ResourceFigures {
  private ResourceFigures() {}

  static List<Classification.Row> rows(List<ResourceSampler.Sample> samples) {
    List<Classification.Row> rows = new ArrayList<>();
    if (samples.isEmpty()) {
      return rows;
    }
    rows.add(Classification.info("engine CPU mean (of the machine)", stat(samples, ResourceSampler.Sample::cpuPercent, false), "%"));
    rows.add(Classification.info("engine heap max", stat(samples, ResourceSampler.Sample::heapMb, true), "MB"));
    rows.add(Classification.info("DB connections max", stat(samples, ResourceSampler.Sample::dbConnections, true), ""));
    rows.add(Classification.info("DB pool waiting max", stat(samples, ResourceSampler.Sample::poolPending, true), ""));
    rows.add(Classification.info("queue depth max", stat(samples, ResourceSampler.Sample::queueDepth, true), "runs"));
    rows.add(Classification.info("DB size at end", samples.get(samples.size() - 1).dbSizeMb(), "MB"));
    return rows;
  }

  private static double stat(List<ResourceSampler.Sample> samples, ToDoubleFunction<ResourceSampler.Sample> f, boolean max) {
    var values = samples.stream().mapToDouble(f).filter(v -> !Double.isNaN(v));
    return max ? values.max().orElse(Double.NaN) : values.average().orElse(Double.NaN);
  }
}
