package dev.meshhook.load.evidence;

import dev.meshhook.load.checker.HistoryReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * When each run of a load was created, started its first step and finished, in the database's own
 * clock: what the engine did with the load, second by second, as opposed to what the injector saw.
 * Read through the contract tables only (a run is the load's when its {@code run_created} carries a
 * load id of the run tag), so it reads any MeshHook-contract engine.
 */
public final class RunTimings {
  /** Not happened (yet): a run not finished, or with no step started. */
  public static final long NEVER = -1;

  /** One run: its load id and epoch milliseconds, {@link #NEVER} where it did not happen. */
  public record Run(String loadId, long createdMs, long firstStepMs, long finishedMs) {
    public boolean finished() {
      return finishedMs != NEVER;
    }
  }

  static final String RUNS =
      """
      SELECT e.payload -> 'headers' ->> 'x-meshhook-load-id',
             (extract(epoch FROM r.started_at) * 1000)::bigint,
             (SELECT (extract(epoch FROM min(s.ts)) * 1000)::bigint FROM workflow_events s
              WHERE s.run_id = r.id AND s.type = 'step_started'),
             (extract(epoch FROM r.finished_at) * 1000)::bigint
      FROM workflow_events e
      JOIN workflow_runs r ON r.id = e.run_id
      WHERE e.type = 'run_created'
        AND starts_with(e.payload -> 'headers' ->> 'x-meshhook-load-id', ?)
      """;

  private RunTimings() {}

  /** The runs whose load ids start with {@code loadIdPrefix}. */
  public static List<Run> read(HistoryReader history, String loadIdPrefix) throws SQLException {
    List<Run> runs = new ArrayList<>();
    try (Connection c = history.connect();
        PreparedStatement ps = c.prepareStatement(RUNS)) {
      ps.setString(1, loadIdPrefix);
      ps.setFetchSize(5_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          runs.add(new Run(rs.getString(1), rs.getLong(2), orNever(rs, 3), orNever(rs, 4)));
        }
      }
    }
    return runs;
  }

  private static long orNever(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? NEVER : v;
  }
}
