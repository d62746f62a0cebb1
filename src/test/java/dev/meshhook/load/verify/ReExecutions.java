package dev.meshhook.load.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-executes every run of a tag ({@link ReExecution}) from its definition and its recorded events,
 * streaming run by run. It reads whole payloads, which the fold does not need, so it is a pass of its
 * own that {@code verify.reExecute} can turn off for very large runs (docs/PERFORMANCE.md has the cost).
 */
public final class ReExecutions {
  static final String EVENTS = HistoryReader.CREATED +
      """

      SELECT r.load_id, w.id::text, w.workflow_id::text, e.id, e.ts, e.type, e.payload::text
      FROM created r
      JOIN workflow_runs w ON w.id = r.run_id
      JOIN workflow_events e ON e.run_id = r.run_id
      ORDER BY e.run_id, e.id
      """;

  private ReExecutions() {}

  /** Every run of the tag whose events its definition does not reproduce, with each difference. */
  public static List<Replay.Mismatch> check(HistoryReader history, String loadIdPrefix) throws SQLException {
    List<Replay.Mismatch> found = new ArrayList<>();
    try (Connection c = history.connect()) {
      Definitions definitions = Definitions.read(c);
      c.setAutoCommit(false); // a cursor: one run's events in memory at a time
      try (java.sql.Statement st = c.createStatement()) {
        // As in TagScan: the planner guesses a few thousand runs for the prefix and looks each up
        // by index, which at a million runs is most of the time; hash joins and an in-memory sort win.
        st.execute("SET LOCAL enable_nestloop = off");
        st.execute("SET LOCAL work_mem = '256MB'");
      }
      try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
        ps.setFetchSize(10_000);
        ps.setString(1, loadIdPrefix);
        try (ResultSet rs = ps.executeQuery()) {
          String runId = null, loadId = null, workflowId = null;
          List<ReplayFold.Event> events = new ArrayList<>();
          while (rs.next()) {
            if (!rs.getString(2).equals(runId)) {
              judge(definitions, loadId, runId, workflowId, events, found);
              loadId = rs.getString(1);
              runId = rs.getString(2);
              workflowId = rs.getString(3);
              events = new ArrayList<>();
            }
            events.add(ReplayFold.Event.of(rs.getLong(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7)));
          }
          judge(definitions, loadId, runId, workflowId, events, found);
        }
      }
      c.commit();
    }
    return found;
  }

  private static void judge(Definitions definitions, String loadId, String runId, String workflowId, List<ReplayFold.Event> events,
      List<Replay.Mismatch> found) {
    if (runId == null) {
      return;
    }
    Definitions.Parsed parsed = definitions.of(workflowId);
    List<String> differences = parsed.definition() == null
        ? List.of(parsed.problem())
        : ReExecution.differences(parsed.definition(), events);
    if (!differences.isEmpty()) {
      List<String> named = new ArrayList<>();
      differences.forEach(d -> named.add("re-executed " + d));
      found.add(new Replay.Mismatch(loadId, runId, List.copyOf(named)));
    }
  }

  /** The fold's and the re-execution's findings as one mismatch per run, in the fold's order first. */
  public static List<Replay.Mismatch> merged(List<Replay.Mismatch> folded, List<Replay.Mismatch> reExecuted) {
    Map<String, Replay.Mismatch> byRun = new LinkedHashMap<>();
    for (Replay.Mismatch m : folded) {
      byRun.put(m.runId(), m);
    }
    for (Replay.Mismatch m : reExecuted) {
      byRun.merge(m.runId(), m, (a, b) -> {
        List<String> all = new ArrayList<>(a.differences());
        all.addAll(b.differences());
        return new Replay.Mismatch(a.loadId(), a.runId(), List.copyOf(all));
      });
    }
    return List.copyOf(byRun.values());
  }
}
