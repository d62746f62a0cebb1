package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * The runs a tag's scan cannot see: created since the tag's first run on the projects its runs
 * belong to, without a {@code run_created} event carrying a load id of the tag (an engine that
 * dropped the load-id header, or recorded a run no request asked for). On a dedicated target each
 * is a run no request accounts for; on a shared one others' runs look the same, so the user turns
 * the look off ({@code verify.sharedTarget}).
 */
public final class UnaccountedRuns {
  static final String RUNS =
      """
      SELECT r.id, r.started_at, p.name, d.slug
      FROM workflow_runs r
      LEFT JOIN projects p ON p.id = r.project_id
      LEFT JOIN workflow_definitions d ON d.id = r.workflow_id
      WHERE r.project_id = ANY (?) AND r.started_at >= ?
        AND NOT EXISTS (
          SELECT 1 FROM workflow_events e
          WHERE e.run_id = r.id AND e.type = 'run_created'
            AND starts_with(e.payload -> 'headers' ->> 'x-meshhook-load-id', ?))
      ORDER BY r.started_at
      """;

  private UnaccountedRuns() {}

  /**
   * The unaccounted runs of {@code projects} since {@code since} (the database's own time of the
   * tag's first run, so no clock but the database's is compared).
   */
  public static Tally read(
      HistoryReader history,
      String loadIdPrefix,
      Collection<UUID> projects,
      Instant since,
      int maxExamples)
      throws SQLException {
    if (projects.isEmpty() || since == null) {
      return Tally.NONE; // the tag has no run: no project and no window to look in
    }
    Tally.Builder found = new Tally.Builder(maxExamples);
    try (Connection c = history.connect();
        PreparedStatement ps = c.prepareStatement(RUNS)) {
      ps.setArray(1, c.createArrayOf("uuid", projects.toArray()));
      ps.setTimestamp(2, Timestamp.from(since));
      ps.setString(3, loadIdPrefix);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(
              "run "
                  + rs.getString(1)
                  + " of "
                  + rs.getString(3)
                  + "/"
                  + rs.getString(4)
                  + ", created "
                  + rs.getTimestamp(2).toInstant()
                  + " in the load window, carries no load id of this run");
        }
      }
    } catch (SQLException e) {
      throw HistoryReader.explained(e);
    }
    return found.build();
  }
}
