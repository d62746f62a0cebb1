package dev.meshhook.load.checker;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * A tag's runs with their whole events (payloads included), streamed run by run from one cursor:
 * what the full replay of a few runs and re-execution's second look at a few runs both read (its
 * stream of every run joins the rows in memory: {@link RunRows}). Only one run's events are in
 * memory at a time.
 */
final class WholeRuns {
  /** A run's stored row, its events in id order, and the definition row it was started from. */
  record Run(Replay.StoredRun stored, String workflowId) {}

  /**
   * The columns {@link #stream} reads; a query adds its own WHERE and must end {@code ORDER BY
   * e.run_id, e.id}.
   */
  static final String SELECT =
      HistoryReader.CREATED
          + """

      SELECT r.load_id, w.id, w.status, w.finished_at IS NOT NULL, w.workflow_id::text, e.id, e.ts, e.type, e.payload::text
      FROM created r
      JOIN workflow_runs w ON w.id = r.run_id
      JOIN workflow_events e ON e.run_id = r.run_id
      """;

  static final String ORDER = "ORDER BY e.run_id, e.id\n";

  private WholeRuns() {}

  /**
   * Runs {@code ps} (parameters set by the caller) and hands each run to {@code each}, in run-id
   * order.
   */
  static void stream(PreparedStatement ps, Consumer<Run> each) throws SQLException {
    ps.setFetchSize(10_000);
    try (ResultSet rs = ps.executeQuery()) {
      Run run = null;
      while (rs.next()) {
        if (run == null || !rs.getString(2).equals(run.stored().runId())) {
          if (run != null) {
            each.accept(run);
          }
          run =
              new Run(
                  new Replay.StoredRun(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getBoolean(4),
                      new ArrayList<>()),
                  rs.getString(5));
        }
        run.stored()
            .events()
            .add(
                ReplayFold.Event.of(
                    rs.getLong(6),
                    rs.getTimestamp(7).toInstant(),
                    rs.getString(8),
                    rs.getString(9)));
      }
      if (run != null) {
        each.accept(run);
      }
    }
  }
}
