package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-executes every run of a tag ({@link ReExecution}) from its definition and its recorded events,
 * streaming run by run. It reads whole payloads, which the fold does not need, so it is a pass of
 * its own that {@code verify.reExecute} can turn off for very large runs (docs/PERFORMANCE.md has
 * the cost).
 */
public final class ReExecutions {
  static final String EVENTS = WholeRuns.SELECT + WholeRuns.ORDER;

  private ReExecutions() {}

  /**
   * What re-executing a tag's runs found: each run its definition does not reproduce, with each
   * difference, the runs the dialect could not read, and what MeshHook's retries left in the log.
   */
  public record Result(
      List<Replay.Mismatch> mismatches,
      NotJudged notJudged,
      long httpAttempts,
      long retries,
      NotJudged sequenceOnly) {
    public Result(
        List<Replay.Mismatch> mismatches, NotJudged notJudged, long httpAttempts, long retries) {
      this(mismatches, notJudged, httpAttempts, retries, NotJudged.NONE);
    }
  }

  /** Every run of the tag whose events its definition does not reproduce, with each difference. */
  public static List<Replay.Mismatch> check(HistoryReader history, String loadIdPrefix)
      throws SQLException {
    return check(history, loadIdPrefix, Dialect.REFERENCE).mismatches();
  }

  /** Re-executes every run of the tag in {@code dialect}: its step list, or its graph. */
  public static Result check(HistoryReader history, String loadIdPrefix, Dialect dialect)
      throws SQLException {
    if (dialect == Dialect.CONTRACT) {
      return new Result(List.of(), NotJudged.NONE, 0, 0);
    }
    List<Replay.Mismatch> found = new ArrayList<>();
    NotJudged.Builder notJudged = new NotJudged.Builder();
    NotJudged.Builder sequenceOnly = new NotJudged.Builder();
    long[] counted = new long[2];
    try (Connection c = history.connect()) {
      Definitions definitions = Definitions.read(c, dialect);
      c.setAutoCommit(false); // a cursor: one run's events in memory at a time
      TagScan.planForWholeTag(c); // index lookups per run took 41-51 s a million runs, this 32-39 s
      try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
        ps.setString(1, loadIdPrefix);
        WholeRuns.stream(
            ps, run -> judge(definitions, run, dialect, found, notJudged, sequenceOnly, counted));
      }
      c.commit();
    }
    return new Result(
        List.copyOf(found), notJudged.build(), counted[0], counted[1], sequenceOnly.build());
  }

  private static void judge(
      Definitions definitions,
      WholeRuns.Run run,
      Dialect dialect,
      List<Replay.Mismatch> found,
      NotJudged.Builder notJudged,
      NotJudged.Builder sequenceOnly,
      long[] counted) {
    Definitions.Parsed parsed = definitions.of(run.workflowId());
    Map<String, Integer> nodes = new java.util.HashMap<>();
    for (ReplayFold.Event e : run.stored().events()) {
      if (e.type().equals("step_succeeded")
          && dialect.successKey(e.payload(), nodes) == Dialect.UNREADABLE) {
        notJudged.add(
            StepReadings.unreadByAny(List.of(e), dialect) == null
                ? StepReadings.OTHER_DIALECT.apply(dialect)
                : StepReadings.NO_DIALECT,
            run.stored().runId());
        return;
      }
    }
    List<String> differences;
    if (parsed.unreadable()) {
      // Without its definition the run's path cannot be re-executed, but its events still show a
      // skipped or repeated step, or one after the end: judged on those, and said so.
      sequenceOnly.add(parsed.problem(), run.stored().runId());
      differences = StepSequence.problems(run.stored().events(), dialect);
    } else if (parsed.problem() != null) {
      differences = List.of(parsed.problem());
    } else if (dialect == Dialect.MESHHOOK) {
      GraphWalk.Walk walk = GraphWalk.walk(parsed.graph(), run.stored().events());
      counted[0] += walk.httpAttempts();
      counted[1] += walk.retries();
      differences = walk.differences();
    } else {
      differences = ReExecution.differences(parsed.definition(), run.stored().events());
    }
    if (!differences.isEmpty()) {
      List<String> named = new ArrayList<>();
      differences.forEach(d -> named.add(parsed.unreadable() ? d : "re-executed " + d));
      found.add(
          new Replay.Mismatch(run.stored().loadId(), run.stored().runId(), List.copyOf(named)));
    }
  }

  /**
   * The fold's and the re-execution's findings as one mismatch per run, in the fold's order first.
   */
  public static List<Replay.Mismatch> merged(
      List<Replay.Mismatch> folded, List<Replay.Mismatch> reExecuted) {
    Map<String, Replay.Mismatch> byRun = new LinkedHashMap<>();
    for (Replay.Mismatch m : folded) {
      byRun.put(m.runId(), m);
    }
    for (Replay.Mismatch m : reExecuted) {
      byRun.merge(
          m.runId(),
          m,
          (a, b) -> {
            List<String> all = new ArrayList<>(a.differences());
            all.addAll(b.differences());
            return new Replay.Mismatch(a.loadId(), a.runId(), List.copyOf(all));
          });
    }
    return List.copyOf(byRun.values());
  }
}
