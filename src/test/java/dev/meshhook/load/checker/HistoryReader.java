package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the runs of one run tag from the contract tables only ({@code workflow_runs}, {@code
 * workflow_events}, {@code workflow_definitions}), correlating through the {@code
 * x-meshhook-load-id} header stored in each {@code run_created} event, as a real MeshHook stores
 * it. Connections are read-only; the role should be too.
 */
public final class HistoryReader {
  /**
   * The runs of a tag and their load ids, found through the load-id header of each run's {@code
   * run_created} event, as a real MeshHook stores it; the common start of the queries ({@link
   * TagScan}, {@link Replay}).
   */
  static final String CREATED =
      """
      WITH created AS (
        SELECT e.run_id, e.payload -> 'headers' ->> 'x-meshhook-load-id' AS load_id
        FROM workflow_events e
        WHERE e.type = 'run_created'
          AND starts_with(e.payload -> 'headers' ->> 'x-meshhook-load-id', ?)
      )""";

  /** Non-terminal runs of the tag, for the drain. */
  static final String PENDING =
      """
      SELECT count(*) FILTER (WHERE r.status NOT IN ('succeeded', 'failed', 'canceled')),
             count(*) FILTER (WHERE r.status IN ('succeeded', 'failed', 'canceled'))
      FROM workflow_events e JOIN workflow_runs r ON r.id = e.run_id
      WHERE e.type = 'run_created'
        AND starts_with(e.payload -> 'headers' ->> 'x-meshhook-load-id', ?)
      """;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  public HistoryReader(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  public Connection connect() throws SQLException {
    Properties props = new Properties();
    if (user != null && !user.isEmpty()) {
      props.setProperty("user", user);
    }
    if (password != null && !password.isEmpty()) {
      props.setProperty("password", password);
    }
    props.setProperty("readOnly", "true");
    props.setProperty("connectTimeout", "10");
    props.setProperty("ApplicationName", "meshhook-load checker");
    Connection c = DriverManager.getConnection(jdbcUrl, props);
    c.setReadOnly(true);
    return c;
  }

  /** {pending, terminal} run counts for the tag. */
  public long[] pending(String loadIdPrefix) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(PENDING)) {
      ps.setString(1, loadIdPrefix);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /**
   * The runs of the tag with their event-log facts; {@link #read} when the replay is wanted too.
   */
  public List<RunRecord> runs(String loadIdPrefix) throws SQLException {
    return read(loadIdPrefix).runs();
  }

  /**
   * The runs of the tag and what replaying their events finds, in one read of the events, steps
   * read in the reference dialect.
   */
  public TagHistory read(String loadIdPrefix) throws SQLException {
    return read(loadIdPrefix, Dialect.REFERENCE);
  }

  /** As {@link #read(String)}, steps read in {@code dialect}. */
  public TagHistory read(String loadIdPrefix, Dialect dialect) throws SQLException {
    return TagScan.read(this, loadIdPrefix, dialect);
  }

  /** Each run's event ids in order, for judging what a live-log stream received. */
  public java.util.Map<String, List<Long>> eventIds(java.util.Collection<String> runIds)
      throws SQLException {
    java.util.Map<String, List<Long>> ids = new java.util.HashMap<>();
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT run_id::text, id FROM workflow_events WHERE run_id = ANY (?::uuid[]) ORDER BY run_id, id")) {
      ps.setArray(1, c.createArrayOf("text", runIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
        }
      }
    }
    return ids;
  }
}
