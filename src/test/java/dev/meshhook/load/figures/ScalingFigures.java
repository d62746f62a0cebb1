package dev.meshhook.load.figures;

import dev.meshhook.load.config.ScalingShape;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.ScaleLog;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the engine scaled over replica counts, from each count's step table and named bottleneck: the
 * throughput at the knee per count, the efficiency X(N) / (N · X(1)), the USL fitted over the
 * counts, and a verdict in the USL's words. Throughput at a count is the most runs it finished per
 * second in a step up to its knee: past the knee the engine was at capacity, so those steps measure
 * it again, and they are the USL's points. A count whose stairs never reached a knee measured only
 * what it was offered, and a count whose injector set the pace measured the injector: either makes
 * the verdict unknown, never a guess.
 */
public final class ScalingFigures {
  /**
   * Throughput this much below the previous count's (5 %, about one step's noise here) is a fall:
   * more replicas, less work done.
   */
  static final double RETROGRADE_DROP = 0.05;

  /** The USL's three parameters need this many replica counts to be told apart. */
  static final int USL_COUNTS = 3;

  private ScalingFigures() {}

  /**
   * One count's stairs as the capacity analysis judged them; {@code notJudged} says why its figures
   * cannot count (its stairs began on a backlog, a replica did not start), null when they can.
   */
  public record Count(
      int replicas, List<StepTable.Step> steps, Bottleneck.Named bottleneck, String notJudged) {
    public Count {
      steps = List.copyOf(steps);
    }

    public Count(int replicas, List<StepTable.Step> steps, Bottleneck.Named bottleneck) {
      this(replicas, steps, bottleneck, null);
    }
  }

  /**
   * One count's figures: {@code kneeRate} the offered rate of its first step that was not stable
   * (NaN when none), {@code throughput} runs finished per second (see the class), {@code
   * efficiency} relative to the first count's throughput per replica.
   */
  public record Point(
      int replicas,
      double kneeRate,
      double throughput,
      double efficiency,
      boolean kneeReached,
      Bottleneck.Named bottleneck) {
    /** The table's cells, as the console and the report show them: replicas to bottleneck. */
    public List<String> cells() {
      return List.of(
          Integer.toString(replicas),
          kneeReached ? Classification.number(kneeRate) + "/s" : "none",
          Classification.number(throughput) + " runs/s",
          Double.isFinite(efficiency) ? String.format(Locale.ROOT, "%.2f", efficiency) : "n/a",
          bottleneck.describe());
    }
  }

  /** The points, the USL over the counts, and the verdict with what it rests on. */
  public record Result(List<Point> points, Usl usl, Usl.Verdict verdict, String basis, int cores) {
    public Result {
      points = List.copyOf(points);
    }

    /**
     * "scaling: contention-limited by efficiency at 2 replicas (0.62; ...) on 2 cores, shared by
     * the engines, PostgreSQL and the injector".
     */
    public String verdictLine() {
      return "scaling: "
          + verdict.label()
          + " - "
          + basis
          + "; on "
          + cores
          + (cores == 1 ? " core" : " cores")
          + ", shared by the engines, PostgreSQL and the injector";
    }

    /** What the console shows: the table, the verdict with the cores, and the USL's own verdict. */
    public List<String> consoleLines() {
      List<String> lines = new ArrayList<>();
      tableLines().forEach(line -> lines.add("scaling: " + line));
      lines.add(verdictLine());
      lines.add(
          "scaling: USL over replica counts "
              + usl.verdict().label()
              + (usl.reason() == null ? "" : " - " + usl.reason()));
      return lines;
    }

    /** The table a person reads: one line per count. */
    public List<String> tableLines() {
      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              Locale.ROOT,
              "%-9s %-12s %-18s %-11s %s",
              "replicas",
              "knee",
              "throughput",
              "efficiency",
              "bottleneck"));
      for (Point p : points) {
        lines.add(String.format(Locale.ROOT, "%-9s %-12s %-18s %-11s %s", p.cells().toArray()));
      }
      return lines;
    }
  }

  public static Result of(List<Count> counts, int cores) {
    return of(counts, counts.stream().map(Count::replicas).toList(), cores);
  }

  /** {@code asked}: every count the run was to go through, reached or not. */
  public static Result of(List<Count> counts, List<Integer> asked, int cores) {
    List<Point> points = new ArrayList<>();
    double perReplicaAtFirst = Double.NaN;
    for (Count c : counts) {
      int knee = Bottleneck.kneeIndex(c.steps());
      List<StepTable.Step> upToKnee = knee < 0 ? c.steps() : c.steps().subList(0, knee + 1);
      double throughput =
          upToKnee.stream()
              .mapToDouble(StepTable.Step::completedPerSec)
              .filter(Double::isFinite)
              .max()
              .orElse(Double.NaN);
      if (points.isEmpty()) {
        perReplicaAtFirst = throughput / c.replicas();
      }
      double efficiency =
          perReplicaAtFirst > 0 ? throughput / c.replicas() / perReplicaAtFirst : Double.NaN;
      points.add(
          new Point(
              c.replicas(),
              knee < 0 ? Double.NaN : c.steps().get(knee).window().offered(),
              throughput,
              efficiency,
              knee >= 0,
              c.bottleneck()));
    }
    Usl usl = usl(counts);
    Result result = verdict(points, usl, cores);
    String unknown = unjudged(counts, asked);
    return unknown == null ? result : new Result(points, usl, Usl.Verdict.UNKNOWN, unknown, cores);
  }

  /**
   * Why the counts cannot be compared at all, whatever their figures: one not reached, one whose
   * figures do not count; null when none.
   */
  private static String unjudged(List<Count> counts, List<Integer> asked) {
    List<String> why = new ArrayList<>();
    for (Count c : counts) {
      if (c.notJudged() != null) {
        why.add("at " + replicas(c.replicas()) + " " + c.notJudged());
      }
    }
    if (counts.size() < asked.size()) {
      why.add(
          "the run ended before "
              + asked.subList(counts.size(), asked.size()).stream()
                  .map(ScalingFigures::replicas)
                  .collect(Collectors.joining(", ")));
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  /**
   * The USL with replicas as its concurrency: each count's steps from its knee to the top of its
   * stairs, the engine at capacity, are that count's measurements. A count whose injector set the
   * pace measured the injector, and gives none.
   */
  static Usl usl(List<Count> counts) {
    List<Usl.Point> points = new ArrayList<>();
    for (Count c : counts) {
      int knee = Bottleneck.kneeIndex(c.steps());
      if (knee < 0
          || c.bottleneck().resource() == Bottleneck.Resource.INJECTOR
          || c.notJudged() != null) {
        continue;
      }
      for (StepTable.Step s : c.steps().subList(knee, c.steps().size())) {
        if (s.state() != StepTable.State.STABLE
            && Double.isFinite(s.completedPerSec())
            && s.completedPerSec() > 0) {
          points.add(new Usl.Point(c.replicas(), s.completedPerSec()));
        }
      }
    }
    long levels = points.stream().mapToDouble(Usl.Point::concurrency).distinct().count();
    if (levels < USL_COUNTS) {
      return Usl.unknown(
          points,
          "measured at "
              + levels
              + " replica count"
              + (levels == 1 ? "" : "s")
              + " at capacity; its three parameters need "
              + USL_COUNTS);
    }
    return Usl.fit(points);
  }

  private static Result verdict(List<Point> points, Usl usl, int cores) {
    String injector =
        points.stream()
            .filter(p -> p.bottleneck().resource() == Bottleneck.Resource.INJECTOR)
            .map(p -> replicas(p.replicas()))
            .collect(Collectors.joining(", "));
    if (!injector.isEmpty()) {
      return new Result(
          points,
          usl,
          Usl.Verdict.UNKNOWN,
          "at "
              + injector
              + " the injector set the pace, so the throughput there is the injector's, not the"
              + " engine's",
          cores);
    }
    List<Point> noKnee = points.stream().filter(p -> !p.kneeReached()).toList();
    if (!noKnee.isEmpty()) {
      return new Result(
          points,
          usl,
          Usl.Verdict.UNKNOWN,
          "no knee at "
              + noKnee.stream().map(p -> replicas(p.replicas())).collect(Collectors.joining(", "))
              + ": every step kept up, so the throughput there is what was offered, not the"
              + " capacity (climb higher: scaling.step, scaling.levels)",
          cores);
    }
    List<Point> idle =
        points.stream()
            .filter(p -> !(p.throughput() > 0) || !Double.isFinite(p.efficiency()))
            .toList();
    if (!idle.isEmpty()) {
      return new Result(
          points,
          usl,
          Usl.Verdict.UNKNOWN,
          "no run finished at "
              + idle.stream().map(p -> replicas(p.replicas())).collect(Collectors.joining(", "))
              + " (or at the first count), so there is no throughput to compare",
          cores);
    }
    if (points.size() < 2) {
      return new Result(
          points,
          usl,
          Usl.Verdict.UNKNOWN,
          points.isEmpty()
              ? "no replica count's stairs were run"
              : "one replica count: nothing to compare it with",
          cores);
    }
    if (usl.verdict() != Usl.Verdict.UNKNOWN) {
      return new Result(
          points,
          usl,
          usl.verdict(),
          String.format(
              Locale.ROOT,
              "the USL over %d steps at capacity at %d replica counts (σ %.4f, κ %.6f, R² %.3f;"
                  + " %s)",
              usl.points().size(),
              points.size(),
              usl.sigma(),
              usl.kappa(),
              usl.r2(),
              Double.isFinite(usl.peakConcurrency())
                  ? "throughput peaks at "
                      + replicas((int) usl.peakConcurrency())
                      + ", "
                      + Classification.number(usl.peakThroughput())
                      + " runs/s"
                  : "no peak: throughput keeps rising with replicas"),
          cores);
    }
    Point last = points.get(points.size() - 1);
    String usls = "the USL: " + usl.reason();
    for (int i = 1; i < points.size(); i++) {
      Point before = points.get(i - 1), after = points.get(i);
      if (!(after.throughput() < (1 - RETROGRADE_DROP) * before.throughput())) {
        continue;
      }
      return new Result(
          points,
          usl,
          Usl.Verdict.RETROGRADE,
          String.format(
              Locale.ROOT,
              "throughput fell from %s runs/s at %s to %s at %s; %s",
              Classification.number(before.throughput()),
              replicas(before.replicas()),
              Classification.number(after.throughput()),
              replicas(after.replicas()),
              usls),
          cores);
    }
    Usl.Verdict verdict =
        last.efficiency() >= Usl.LINEAR_EFFICIENCY
            ? Usl.Verdict.LINEAR
            : Usl.Verdict.CONTENTION_LIMITED;
    return new Result(
        points,
        usl,
        verdict,
        String.format(
            Locale.ROOT,
            "by efficiency at %s, %.2f (linear from %.2f); %s",
            replicas(last.replicas()),
            last.efficiency(),
            Usl.LINEAR_EFFICIENCY,
            usls),
        cores);
  }

  /**
   * Each count's stairs judged as stress judges its own, the figures named by count; a count the
   * run did not reach is not judged.
   */
  public static List<Classification.Row> rows(
      ScalingShape shape, Evidence evidence, double margin) {
    List<LedgerEntry> ledger = evidence.ledger();
    List<ScalingShape.Phase> phases =
        shape.phases(ledger, ScaleLog.startsAfterFirst(ScaleLog.read(evidence.folder())));
    List<Classification.Row> rows = new ArrayList<>();
    for (int i = 0; i < shape.replicas().size(); i++) {
      String name = replicas(shape.replicas().get(i));
      if (i >= phases.size()) {
        rows.add(Classification.notJudged(name, "the run ended before this count's stairs"));
        continue;
      }
      for (Classification.Row r :
          StressFigures.rows(shape.stairs(), phases.get(i).entries(ledger), margin)) {
        rows.add(
            new Classification.Row(
                name + ": " + r.figure(),
                r.value(),
                r.unit(),
                r.rule(),
                r.threshold(),
                r.level(),
                r.why()));
      }
    }
    return rows;
  }

  static String replicas(int count) {
    return count + (count == 1 ? " replica" : " replicas");
  }
}
