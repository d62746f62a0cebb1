package dev.meshhook.load.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resource that saturated at the knee, by the USE method: the last stable step is held against
 * the first that is not, and the resource whose saturation grew most between them is named, with
 * the figures that show it. One vocabulary for every target. A knee with no resource whose
 * saturation grew by {@link #EVIDENT} is {@code unknown}: never a guess. An injector above 80 % of
 * its cores, or one that sent less than 80 % of the rate asked for at any step, is named first,
 * whatever else grew: its figures are then the injector's, not the engine's.
 */
public final class Bottleneck {
  public enum Resource {
    RATE_LIMIT,
    ENGINE_CPU,
    WORKERS,
    DB_POOL,
    DB_CPU,
    DB_LOCK,
    DB_IO,
    INJECTOR,
    NONE,
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The verdict: the resource, the step it saturated at (NaN offered rate when no knee), the
   * figures that show it, and where a run's time went at the knee (ms per run, NaN not measured).
   */
  public record Named(
      Resource resource,
      double atRate,
      String atStep,
      List<String> evidence,
      Map<String, Double> timeBudget) {
    /** "rate-limit at 245/s (429 on 18 % of answers at 245/s, 0 % at 185/s)". */
    public String describe() {
      String at = Double.isNaN(atRate) ? "" : " at " + Classification.number(atRate) + "/s";
      return resource.label()
          + at
          + (evidence.isEmpty() ? "" : " (" + String.join("; ", evidence) + ")");
    }
  }

  /** Saturation that grew by less than this between the two steps is noise, not a bottleneck. */
  static final double EVIDENT = 0.1;

  static final double INJECTOR_LIMIT = 0.8;

  /** A resource this full at the knee is saturated, whether or not it grew there. */
  static final double SATURATED = 0.8;

  /** Half the database's active sessions waiting on one class: that class explains a full pool. */
  static final double DOMINANT = 0.5;

  /** Sessions waiting on one thing, on average, for that thing to have a queue. */
  static final double MIN_QUEUE = 2;

  private Bottleneck() {}

  /** {@code usages} holds one entry per step, in the same order (UNKNOWN where not sampled). */
  public static Named of(List<StepTable.Step> steps, List<Usage> usages) {
    int knee = kneeIndex(steps);
    if (steps.isEmpty()) {
      return new Named(
          Resource.UNKNOWN, Double.NaN, "", List.of("no step of load to judge"), Map.of());
    }
    // An open model sends on schedule whatever the target answers: sending less than asked is the
    // injector's own shortfall (CPU it was not given, a pause), however its CPU reads. At any
    // step: a lagging injector stretches the whole timeline, and no step's window is then right.
    for (int i = 0; i < steps.size(); i++) {
      StepTable.Step behind = steps.get(i);
      if (behind.sentPerSec() < INJECTOR_LIMIT * behind.window().offered()) {
        return new Named(
            Resource.INJECTOR,
            behind.window().offered(),
            behind.window().name(),
            List.of(
                String.format(
                    Locale.ROOT,
                    "the injector sent %s/s of the %s/s asked for at %s: the load generator, not"
                        + " the engine, set the pace, and this run's figures are not the engine's",
                    Classification.number(behind.sentPerSec()),
                    Classification.number(behind.window().offered()),
                    behind.window().name())),
            timeBudget(behind, usages.get(i)));
      }
    }
    if (knee < 0) {
      StepTable.Step top = steps.get(steps.size() - 1);
      return new Named(
          Resource.NONE,
          Double.NaN,
          "",
          List.of(
              "every step was stable, up to "
                  + Classification.number(top.window().offered())
                  + "/s: no knee reached"),
          Map.of());
    }
    StepTable.Step k = steps.get(knee);
    Usage ku = usages.get(knee);
    StepTable.Step s = knee > 0 ? steps.get(knee - 1) : null;
    Usage su = knee > 0 ? usages.get(knee - 1) : null;
    Map<String, Double> budget = timeBudget(k, ku);
    String at = k.window().name();
    double rate = k.window().offered();
    if (ku.injectorCpu() >= INJECTOR_LIMIT) {
      return new Named(
          Resource.INJECTOR,
          rate,
          at,
          List.of(
              String.format(
                  Locale.ROOT,
                  "the injector used %.0f %% of its cores at %s: the load generator, not the engine,"
                      + " set the pace, and this run's figures are not the engine's",
                  100 * ku.injectorCpu(),
                  at)),
          budget);
    }
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(
        grew(
            Resource.RATE_LIMIT,
            k.rateLimitedPercent() / 100,
            s == null ? 0 : s.rateLimitedPercent() / 100,
            "429 on %s of answers at " + at + ", %s before",
            true));
    candidates.add(
        grew(
            Resource.DB_POOL,
            share(ku.poolPending(), ku.poolActive()),
            su == null ? 0 : share(su.poolPending(), su.poolActive()),
            "%s of the engine's connection requests waiting for the pool at " + at + ", %s before",
            true));
    // A session waiting on a lock or on I/O holds a connection it cannot use: the share of the
    // database's connections so taken is that wait's saturation. A share of the active sessions
    // would be noise at a few sessions (one sample with one session on I/O reads 50 %).
    candidates.add(
        grew(
            Resource.DB_LOCK,
            fraction(ku.dbLock(), connections(ku)),
            su == null ? 0 : fraction(su.dbLock(), connections(su)),
            "%s of the database's connections waiting on locks at " + at + ", %s before",
            true));
    candidates.add(
        grew(
            Resource.DB_IO,
            fraction(ku.dbIo(), connections(ku)),
            su == null ? 0 : fraction(su.dbIo(), connections(su)),
            "%s of the database's connections waiting on I/O or WAL at " + at + ", %s before",
            true));
    candidates.add(
        grew(
            Resource.DB_CPU,
            fraction(ku.dbCpu(), ku.dbCores()),
            su == null ? 0 : fraction(su.dbCpu(), su.dbCores()),
            "database sessions on CPU %s of its cores at " + at + ", %s before",
            fraction(ku.dbCpu(), ku.dbCores()) >= 0.8));
    candidates.add(
        grew(
            Resource.ENGINE_CPU,
            ku.engineCpu(),
            su == null ? 0 : su.engineCpu(),
            "engine CPU %s of the machine at " + at + ", %s before",
            ku.engineCpu() >= 0.8));
    // Workers: runs queue up for more than a second's worth of acceptances while the database
    // has room (a pool, lock or I/O wait would have been named above). Where the engine publishes
    // its workers, a queue while some of them idle is not theirs: they must be 80 % busy.
    double queued = ku.queueDepth() / Math.max(1, k.acceptedPerSec());
    double queuedBefore = su == null ? 0 : su.queueDepth() / Math.max(1, s.acceptedPerSec());
    String busy =
        Double.isNaN(ku.workersBusy())
            ? ""
            : " (workers " + percent(ku.workersBusy()).replace("%", "%%") + " busy)";
    candidates.add(
        grew(
            Resource.WORKERS,
            Math.min(1, queued),
            Math.min(1, queuedBefore),
            "runs queued for %s of a second's acceptances at " + at + ", %s before" + busy,
            Double.isNaN(ku.workersBusy()) || ku.workersBusy() >= SATURATED));
    Candidate best = null;
    for (Candidate c : candidates) {
      if (c.eligible()
          && !Double.isNaN(c.growth())
          && (best == null || c.growth() > best.growth())) {
        best = c;
      }
    }
    if (best == null || best.growth() < EVIDENT) {
      // Nothing grew, but a resource may have been full at both steps: then it is the one.
      best = null;
      for (Candidate c : candidates) {
        if (c.eligible() && c.level() >= SATURATED && (best == null || c.level() > best.level())) {
          best = c;
        }
      }
    }
    if (best != null && best.resource() == Resource.WORKERS) {
      // Workers that wait for a connection are the pool's saturation, seen downstream.
      Candidate pool =
          candidates.stream()
              .filter(c -> c.resource() == Resource.DB_POOL && c.level() >= SATURATED)
              .findFirst()
              .orElse(null);
      if (pool != null) {
        best =
            new Candidate(
                Resource.DB_POOL,
                best.growth(),
                pool.evidence() + "; so " + best.evidence(),
                true,
                pool.level());
      }
    }
    if (best != null
        && (best.resource() == Resource.DB_POOL || best.resource() == Resource.WORKERS)) {
      // The pool's connections (and the workers holding them) wait on what the database waits
      // on: a pool full of sessions waiting on a lock is the lock's saturation, seen downstream.
      Candidate cause = cause(candidates, ku, at);
      if (cause != null) {
        best =
            new Candidate(
                cause.resource(),
                best.growth(),
                cause.evidence() + "; so " + best.evidence(),
                true,
                cause.level());
      }
    }
    if (best == null) {
      List<String> why = new ArrayList<>();
      why.add(
          "the first step that was not stable is "
              + at
              + " ("
              + k.state().label()
              + "), but no measured resource's saturation grew by "
              + Math.round(EVIDENT * 100)
              + " % from the step before, nor was any "
              + Math.round(SATURATED * 100)
              + " % full");
      candidates.stream()
          .filter(c -> Double.isNaN(c.growth()))
          .map(c -> c.resource().label() + " not measured")
          .forEach(why::add);
      return new Named(Resource.UNKNOWN, rate, at, why, budget);
    }
    return new Named(best.resource(), rate, at, List.of(best.evidence()), budget);
  }

  /**
   * Whether a resource had a queue over the step: half or more of the engine's connection requests
   * waiting for its pool, or half or more of the database's connections waiting on locks or I/O.
   * Not measured is no queue.
   */
  public static boolean queued(Usage u) {
    return share(u.poolPending(), u.poolActive()) >= DOMINANT
        || fraction(u.dbLock(), connections(u)) >= DOMINANT
        || fraction(u.dbIo(), connections(u)) >= DOMINANT;
  }

  /** The first step that is not stable; -1 when every step was. */
  public static int kneeIndex(List<StepTable.Step> steps) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).state() != StepTable.State.STABLE) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Where most of the database's active sessions wait at the knee, if they mostly wait on one thing
   * (locks, I/O), or its CPU when that is full: what a full pool's connections wait on.
   */
  private static Candidate cause(List<Candidate> candidates, Usage ku, String at) {
    for (Resource r : List.of(Resource.DB_LOCK, Resource.DB_IO)) {
      double waits = r == Resource.DB_LOCK ? ku.dbLock() : ku.dbIo();
      double share = fraction(waits, ku.dbActive());
      // A queue needs two: one session waiting on its own commit's flush is that transaction's
      // latency, not the disk's saturation (a pool of one connection read as 100 % waiting on
      // I/O whenever its one session was sampled in a WAL flush, and the I/O was blamed for it).
      if (share >= DOMINANT && waits >= MIN_QUEUE) {
        return new Candidate(
            r,
            share,
            String.format(
                Locale.ROOT,
                "%s of the database's active sessions waiting on %s at %s",
                percent(share),
                r == Resource.DB_LOCK ? "locks" : "I/O or WAL",
                at),
            true,
            share);
      }
    }
    for (Candidate c : candidates) {
      if (c.resource() == Resource.DB_CPU && c.level() >= SATURATED) {
        return c;
      }
    }
    return null;
  }

  private record Candidate(
      Resource resource, double growth, String evidence, boolean eligible, double level) {}

  private static Candidate grew(
      Resource r, double now, double before, String format, boolean eligible) {
    double b = Double.isNaN(before) ? 0 : before;
    return new Candidate(
        r,
        now - b,
        String.format(Locale.ROOT, format, percent(now), percent(b)),
        eligible,
        Double.isNaN(now) ? 0 : now);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * fraction);
  }

  /** waiting / (waiting + in use): the share of demand the pool could not serve at once. */
  private static double share(double waiting, double inUse) {
    if (Double.isNaN(waiting) || Double.isNaN(inUse)) {
      return Double.NaN;
    }
    double demand = waiting + inUse;
    return demand <= 0 ? 0 : waiting / demand;
  }

  /** The database's sessions; its active ones where the connections were not sampled. */
  private static double connections(Usage u) {
    return Double.isNaN(u.dbConnections()) ? u.dbActive() : u.dbConnections();
  }

  private static double fraction(double part, double whole) {
    if (Double.isNaN(part) || Double.isNaN(whole)) {
      return Double.NaN;
    }
    return whole <= 0 ? 0 : part / whole;
  }

  /**
   * Where one run's time went at the knee, in ms: the webhook's answer (intake), the wait for the
   * engine's connection pool (requests waiting on average x 1000 / runs per second, Little's law
   * over all of a run's connection requests), the wait for a worker (queue dwell), database time by
   * wait class (average sessions x 1000 / runs per second), engine CPU (cores busy x 1000 / runs
   * per second) and the engine's GC pauses (share of the time paused x 1000 / runs per second). NaN
   * where not measured.
   */
  static Map<String, Double> timeBudget(StepTable.Step k, Usage u) {
    double perRun = 1000.0 / k.completedPerSec();
    Map<String, Double> budget = new LinkedHashMap<>();
    budget.put("intake", k.meanLatencyMs());
    budget.put("pool wait", u.poolPending() * perRun);
    budget.put("queue dwell", k.meanDwellMs());
    budget.put("database CPU", u.dbCpu() * perRun);
    budget.put("database lock wait", u.dbLock() * perRun);
    budget.put("database I/O wait", u.dbIo() * perRun);
    budget.put("engine CPU", u.engineCpu() * u.dbCores() * perRun);
    budget.put("engine GC", u.engineGc() * perRun);
    budget.replaceAll((name, ms) -> Double.isInfinite(ms) ? Double.NaN : ms);
    return budget;
  }
}
