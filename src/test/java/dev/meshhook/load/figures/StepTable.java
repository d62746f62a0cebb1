package dev.meshhook.load.figures;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.evidence.RunTimings;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the engine did at each step of offered load, from both sides: the injector's answers (the
 * ledger) and the runs the database recorded (created, first step, finished). A step whose
 * completions keep up with what was accepted, whose backlog does not grow and whose answers are
 * within the thresholds is {@code stable}; one that falls behind without breaking a threshold, or
 * keeps up only by queueing (runs wait for a worker far longer than at the earlier steps), is
 * {@code saturating}; one that breaks a threshold is {@code overloaded}. The in-flight count is
 * measured (runs created and not finished, sampled each second) and checked against Little's law
 * (completions per second x mean time in the engine): the server-side concurrency a scalability fit
 * needs.
 */
public final class StepTable {
  /** A step of load, in the injector's clock: {@code [fromMs, toMs)} at {@code offered}/s. */
  public record Window(String name, long fromMs, long toMs, double offered) {
    double seconds() {
      return (toMs - fromMs) / 1000.0;
    }
  }

  public enum State {
    STABLE,
    SATURATING,
    OVERLOADED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One step's figures; NaN where nothing was there to measure (no run finished in the step, no
   * answer to take a percentile of).
   */
  public record Step(
      Window window,
      double sentPerSec,
      double acceptedPerSec,
      double completedPerSec,
      double p99Ms,
      double meanLatencyMs,
      double errorsPercent,
      double rateLimitedPercent,
      double backlogSlopePerSec,
      double dwellP99Ms,
      double meanDwellMs,
      double inFlight,
      double littleInFlight,
      State state) {
    Step withState(State other) {
      return new Step(
          window,
          sentPerSec,
          acceptedPerSec,
          completedPerSec,
          p99Ms,
          meanLatencyMs,
          errorsPercent,
          rateLimitedPercent,
          backlogSlopePerSec,
          dwellP99Ms,
          meanDwellMs,
          inFlight,
          littleInFlight,
          other);
    }
  }

  // A step keeps up when completions are within 10 % of acceptances and the backlog grows by
  // less than 10 % of the accepted rate: below that, a second's jitter at a step's edges.
  static final double BACKLOG_GROWTH = 0.1;
  // At a few webhooks a second, one run more in flight at a step's end is 10 %: a run a second of
  // growth is the least that says the engine falls behind. The same floor holds for completions
  // short of acceptances, which are the backlog's growth counted the other way (at 5/s, runs of
  // 600 ms left 3 of 25 in flight at the step's end: 12 % short, and not behind).
  static final double MIN_BACKLOG_GROWTH = 1.0;
  // Queueing theory's knee: the wait in a queue is the service time x U / (1 - U), so a mean queue
  // dwell 3x the lowest seen earlier means the resource in front of the workers is about 75 % busy
  // and the wait now grows faster than the load. Below 50 ms a few runs' jitter triples it. The
  // mean, not the p99: over a few seconds a p99 is a handful of runs, and one pause moved it 5x.
  static final double DWELL_GROWTH = 3;
  static final double MIN_QUEUED_DWELL_MS = 50;

  private StepTable() {}

  /**
   * The steps, in order. {@code runs} are in the database's clock; they are moved into the
   * injector's by the 5th percentile of (created − sent) over the runs the ledger names, so a
   * target whose clock differs from this machine's still lines up (within one webhook's intake
   * time).
   */
  public static List<Step> of(
      List<Window> windows,
      List<LedgerEntry> ledger,
      List<RunTimings.Run> runs,
      double p99ThresholdMs,
      double maxFailedPercent) {
    long offset = clockOffset(ledger, runs);
    Backlog backlog = new Backlog(runs);
    List<Step> steps = new ArrayList<>();
    double lowestDwell = Double.NaN;
    for (Window w : windows) {
      Step s = step(w, ledger, runs, backlog, offset, p99ThresholdMs, maxFailedPercent);
      if (s.state() == State.STABLE && queues(s.meanDwellMs(), lowestDwell)) {
        s = s.withState(State.SATURATING);
      }
      steps.add(s);
      if (Double.isNaN(lowestDwell) || s.meanDwellMs() < lowestDwell) {
        lowestDwell = s.meanDwellMs(); // NaN stays NaN until a step measures a dwell
      }
    }
    return steps;
  }

  /** Runs per second of shortfall or backlog growth that say a step falls behind. */
  static double fallsBehind(double acceptedPerSec) {
    return Math.max(MIN_BACKLOG_GROWTH, BACKLOG_GROWTH * acceptedPerSec);
  }

  /** The step keeps up, but only because runs wait in a queue that grew with the load. */
  static boolean queues(double meanDwellMs, double lowestEarlierMs) {
    return meanDwellMs >= MIN_QUEUED_DWELL_MS && meanDwellMs >= DWELL_GROWTH * lowestEarlierMs;
  }

  /**
   * The steps with those that are stable but whose {@code queued} says a resource had a queue
   * (sampled by whoever could see it: the engine's pool, the database's waits) marked saturating:
   * the USE method's saturation, though the engine still kept up by queueing.
   */
  public static List<Step> saturatedWhere(List<Step> steps, List<Boolean> queued) {
    List<Step> marked = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      marked.add(s.state() == State.STABLE && queued.get(i) ? s.withState(State.SATURATING) : s);
    }
    return marked;
  }

  private static Step step(
      Window w,
      List<LedgerEntry> ledger,
      List<RunTimings.Run> runs,
      Backlog backlog,
      long offset,
      double p99ThresholdMs,
      double maxFailedPercent) {
    List<LedgerEntry> sent = Recovery.between(ledger, w.fromMs(), w.toMs());
    HttpFigures http = HttpFigures.of(sent);
    double secs = w.seconds();
    long accepted = sent.stream().filter(LedgerEntry::accepted).count();
    long limited = sent.stream().filter(e -> e.status() == 429).count();
    long from = w.fromMs() + offset;
    long to = w.toMs() + offset;
    List<RunTimings.Run> finished =
        runs.stream()
            .filter(r -> r.finished() && r.finishedMs() >= from && r.finishedMs() < to)
            .toList();
    long[] dwell =
        runs.stream()
            .filter(r -> r.createdMs() >= from && r.createdMs() < to)
            .filter(r -> r.firstStepMs() != RunTimings.NEVER)
            .mapToLong(r -> Math.max(0, r.firstStepMs() - r.createdMs()))
            .toArray();
    double meanInEngineSec =
        finished.stream()
                .mapToLong(r -> r.finishedMs() - r.createdMs())
                .average()
                .orElse(Double.NaN)
            / 1000.0;
    double completedPerSec = finished.size() / secs;
    double inFlight = backlog.mean(from, to);
    double backlogSlope = (backlog.at(to) - backlog.at(from)) / secs;
    double acceptedPerSec = accepted / secs;
    double meanLatency =
        sent.stream()
            .filter(LedgerEntry::ended)
            .mapToLong(e -> e.answeredEpochMs() - e.sentEpochMs())
            .average()
            .orElse(Double.NaN);
    State state;
    if (sent.isEmpty()) {
      state = State.OVERLOADED; // nothing was sent in a step meant to carry load: not stable
    } else if (http.latency().p99() >= p99ThresholdMs || http.failedPercent() >= maxFailedPercent) {
      state = State.OVERLOADED;
    } else if (acceptedPerSec - completedPerSec > fallsBehind(acceptedPerSec)
        || backlogSlope > fallsBehind(acceptedPerSec)) {
      state = State.SATURATING;
    } else {
      state = State.STABLE;
    }
    return new Step(
        w,
        sent.size() / secs,
        acceptedPerSec,
        completedPerSec,
        http.latency().p99OrNaN(),
        meanLatency,
        http.failedPercent(),
        sent.isEmpty() ? Double.NaN : 100.0 * limited / sent.size(),
        backlogSlope,
        dwell.length == 0 ? Double.NaN : Latency.of(dwell).p99(),
        dwell.length == 0 ? Double.NaN : Arrays.stream(dwell).average().orElseThrow(),
        inFlight,
        completedPerSec * meanInEngineSec,
        state);
  }

  /** Runs created and not finished, at any moment, in the database's clock. */
  static final class Backlog {
    private final long[] created;
    private final long[] finished;

    Backlog(List<RunTimings.Run> runs) {
      created = runs.stream().mapToLong(RunTimings.Run::createdMs).sorted().toArray();
      finished =
          runs.stream()
              .filter(RunTimings.Run::finished)
              .mapToLong(RunTimings.Run::finishedMs)
              .sorted()
              .toArray();
    }

    /** Created at or before {@code t} and not finished by then. */
    long at(long t) {
      return atOrBefore(created, t) - atOrBefore(finished, t);
    }

    /** Sampled every 100 ms over {@code [from, to)}, averaged. */
    double mean(long from, long to) {
      if (to <= from) {
        return Double.NaN;
      }
      long samples = 0;
      double sum = 0;
      for (long t = from; t < to; t += 100) {
        sum += at(t);
        samples++;
      }
      return sum / samples;
    }

    private static int atOrBefore(long[] sorted, long t) {
      int i = Arrays.binarySearch(sorted, t);
      if (i < 0) {
        return -i - 1;
      }
      while (i + 1 < sorted.length && sorted[i + 1] == t) {
        i++;
      }
      return i + 1;
    }
  }

  /**
   * The 5th percentile of (created in the database − sent by the injector) over the runs the ledger
   * names: the clock difference plus an intake that waited for nothing. A median is pulled by the
   * steps where intake queued (1.5 s under a hot row), which moved every window late.
   */
  static long clockOffset(List<LedgerEntry> ledger, List<RunTimings.Run> runs) {
    Map<String, LedgerEntry> byId =
        ledger.stream()
            .collect(Collectors.toMap(LedgerEntry::loadId, Function.identity(), (a, b) -> a));
    long[] offsets =
        runs.stream()
            .filter(r -> byId.containsKey(r.loadId()))
            .mapToLong(r -> r.createdMs() - byId.get(r.loadId()).sentEpochMs())
            .sorted()
            .toArray();
    return offsets.length == 0 ? 0 : offsets[offsets.length / 20];
  }
}
