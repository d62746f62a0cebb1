package dev.meshhook.load.figures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fixes for what the knee showed, each with the figure that calls for it, ranked: the named
 * bottleneck first (it is what stopped the stairs), then the others by their share of a run's time
 * at the knee. A rule whose evidence was not measured gives no fix.
 */
public final class Recommendations {
  public record Fix(int rank, String resource, String action, String evidence) {}

  private record Weighted(String resource, String action, String evidence, double weight) {}

  static final double MEANINGFUL_MS = 20;

  private Recommendations() {}

  public static List<Fix> of(Bottleneck.Named named, StepTable.Step knee, Usage usage) {
    List<Weighted> fixes = new ArrayList<>();
    Map<String, Double> budget = named.timeBudget();
    String evidence = String.join("; ", named.evidence());
    switch (named.resource()) {
      case RATE_LIMIT ->
          fixes.add(
              new Weighted(
                  "rate-limit",
                  "this is the rate limit you configured, not the engine's capacity: raise it"
                      + " (engine.rateLimit.perSecond and .burst here, the deployment's own"
                      + " limit there) to measure capacity",
                  evidence,
                  Double.POSITIVE_INFINITY));
      case DB_POOL ->
          fixes.add(
              new Weighted(
                  "db-pool",
                  String.format(
                      Locale.ROOT,
                      "size the pool to throughput x connection time (%s runs/s x the time each"
                          + " holds a connection), or make fewer round trips per run",
                      Classification.number(knee.completedPerSec())),
                  evidence,
                  Double.POSITIVE_INFINITY));
      case DB_LOCK ->
          fixes.add(
              new Weighted(
                  "db-lock",
                  "sessions wait on a lock: find the hot row every request updates (pg_locks,"
                      + " pg_stat_statements) and redesign it: per-tenant or sharded counters,"
                      + " append instead of update",
                  evidence,
                  Double.POSITIVE_INFINITY));
      case DB_IO ->
          fixes.add(
              new Weighted(
                  "db-io",
                  "sessions wait on WAL or I/O: batch event inserts per run step, or group"
                      + " commits; check the disk's fsync latency",
                  evidence,
                  Double.POSITIVE_INFINITY));
      case DB_CPU ->
          fixes.add(
              new Weighted(
                  "db-cpu",
                  "the database's CPU is full: the statements with the most time"
                      + " (pg_stat_statements) first, then a larger instance",
                  evidence,
                  Double.POSITIVE_INFINITY));
      case ENGINE_CPU ->
          fixes.add(
              new Weighted(
                  "engine-cpu",
                  "the engine's CPU is full: profile it, or add replicas behind a load balancer",
                  evidence,
                  Double.POSITIVE_INFINITY));
      case WORKERS ->
          fixes.add(
              new Weighted(
                  "workers",
                  "runs wait for a worker while the database has room: more workers"
                      + " (engine.workers here) or more engine replicas",
                  evidence,
                  Double.POSITIVE_INFINITY));
      case INJECTOR ->
          fixes.add(
              new Weighted(
                  "injector",
                  "the load generator ran out of CPU: spread the load over more injectors"
                      + " (scripts/injectors.sh) before reading any figure of this run",
                  evidence,
                  Double.POSITIVE_INFINITY));
      default -> {
        // none or unknown: no fix is better than a guessed one
      }
    }
    addIfMeasured(
        fixes,
        "pool wait",
        budget,
        "db-pool",
        "each run waits %s ms for a connection from the engine's pool: size it to throughput x the"
            + " time a connection is held, or make fewer round trips per run");
    addIfMeasured(
        fixes,
        "queue dwell",
        budget,
        "workers",
        "runs wait %s ms for their first step: more workers, or claim runs in batches");
    addIfMeasured(
        fixes,
        "database lock wait",
        budget,
        "db-lock",
        "%s ms of each run waits on locks: look for a row every request updates");
    addIfMeasured(
        fixes,
        "database I/O wait",
        budget,
        "db-io",
        "%s ms of each run waits on I/O or WAL: batch event inserts");
    addIfMeasured(
        fixes,
        "engine GC",
        budget,
        "engine-cpu",
        "the engine pauses %s ms per run for garbage collection: give it more heap, or make it"
            + " allocate less per run");
    fixes.removeIf(
        f ->
            f.weight() != Double.POSITIVE_INFINITY
                && fixes.stream()
                    .anyMatch(
                        g ->
                            g.weight() == Double.POSITIVE_INFINITY
                                && g.resource().equals(f.resource())));
    fixes.sort(Comparator.comparingDouble(Weighted::weight).reversed());
    List<Fix> ranked = new ArrayList<>();
    for (Weighted w : fixes) {
      ranked.add(new Fix(ranked.size() + 1, w.resource(), w.action(), w.evidence()));
    }
    return ranked;
  }

  /** A fix for a part of the time budget, when it was measured and is at least 10 % of it. */
  private static void addIfMeasured(
      List<Weighted> fixes,
      String part,
      Map<String, Double> budget,
      String resource,
      String action) {
    Double ms = budget.get(part);
    double total = budget.values().stream().filter(v -> !Double.isNaN(v)).mapToDouble(v -> v).sum();
    // A few milliseconds are not worth a fix, whatever their share (a quick stress run's 2 ms of
    // queue dwell was 18 % of a 12 ms budget).
    if (ms == null || Double.isNaN(ms) || total <= 0 || ms / total < 0.1 || ms < MEANINGFUL_MS) {
      return;
    }
    String amount = Classification.number(ms);
    fixes.add(
        new Weighted(
            resource,
            String.format(Locale.ROOT, action, amount),
            String.format(
                Locale.ROOT,
                "%s: %s ms of %s ms per run at the knee",
                part,
                amount,
                Classification.number(total)),
            ms));
  }
}
