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

  /** Every run of the tag whose events its definition does not reproduce, with each difference. */
  public static List<Replay.Mismatch> check(HistoryReader history, String loadIdPrefix)
      throws SQLException {
    List<Replay.Mismatch> found = new ArrayList<>();
    try (Connection c = history.connect()) {
      Definitions definitions = Definitions.read(c);
      c.setAutoCommit(false); // a cursor: one run's events in memory at a time
      TagScan.planForWholeTag(c); // index lookups per run took 41-51 s a million runs, this 32-39 s
      try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
        ps.setString(1, loadIdPrefix);
        WholeRuns.stream(ps, run -> judge(definitions, run, found));
      }
      c.commit();
    }
    return found;
  }

  private static void judge(
      Definitions definitions, WholeRuns.Run run, List<Replay.Mismatch> found) {
    Definitions.Parsed parsed = definitions.of(run.workflowId());
    List<String> differences =
        parsed.definition() == null
            ? List.of(parsed.problem())
            : ReExecution.differences(parsed.definition(), run.stored().events());
    if (!differences.isEmpty()) {
      List<String> named = new ArrayList<>();
      differences.forEach(d -> named.add("re-executed " + d));
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
