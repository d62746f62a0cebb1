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

  /** The row of the TCP connections the engine accepted during the run. */
  public static final String CONNECTIONS_OPENED = "connections opened by the engine";

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
    rows.add(connectionsOpened(samples));
    return rows;
  }

  /**
   * The TCP connections the engine's HTTP server accepted from the first sample to the last (the
   * load's, the samplers' and the live-log streams'): about one per webhook when every virtual user
   * opens its own, a handful when they share kept-alive ones. Not measured at a target whose
   * metrics do not count them (a deployment), never 0.
   */
  static Classification.Row connectionsOpened(List<ResourceSampler.Sample> samples) {
    double opened = increase(samples, ResourceSampler.Sample::connectionsOpened);
    return Double.isNaN(opened)
        ? Classification.notJudged(
            CONNECTIONS_OPENED,
            "not measured: the target's metrics do not count them"
                + " (meshhook_http_connections_opened_total)")
        : Classification.info(CONNECTIONS_OPENED, opened, "connections");
  }

  /**
   * How much a counter grew over the samples that measured it, as Prometheus's {@code increase}
   * reckons it: a counter that went down started again from 0 (a restarted engine), and counts from
   * there. NaN when fewer than two samples measured it.
   */
  static double increase(
      List<ResourceSampler.Sample> samples, ToDoubleFunction<ResourceSampler.Sample> counter) {
    double total = 0;
    double last = Double.NaN;
    int known = 0;
    for (ResourceSampler.Sample s : samples) {
      double v = counter.applyAsDouble(s);
      if (Double.isNaN(v)) {
        continue;
      }
      if (known > 0) {
        total += v >= last ? v - last : v;
      }
      last = v;
      known++;
    }
    return known < 2 ? Double.NaN : total;
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
