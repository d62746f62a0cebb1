package dev.meshhook.load.verify;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Reads the runs of one run tag from the contract tables only ({@code workflow_runs},
 * {@code workflow_events}, {@code workflow_definitions}), correlating through the
 * {@code x-meshhook-load-id} header stored in each {@code run_created} event, as a real MeshHook
 * stores it. Connections are read-only; the role should be too.
 */
public final class HistoryReader {
  /**
   * The runs of a tag and their load ids, found through the load-id header of each run's
   * {@code run_created} event, as a real MeshHook stores it; the common start of the queries.
   */
  static final String CREATED =
      """
      WITH created AS (
        SELECT e.run_id, e.payload -> 'headers' ->> 'x-meshhook-load-id' AS load_id
        FROM workflow_events e
        WHERE e.type = 'run_created'
          AND starts_with(e.payload -> 'headers' ->> 'x-meshhook-load-id', ?)
      )""";

  /** Runs of the tag, with their event-log facts aggregated in the database, one row per run. */
  static final String RUNS = CREATED +
      """
      , ordered AS (
        SELECT e.run_id, e.type, e.ts,
               lag(e.ts) OVER w AS prev_ts,
               -- a resumed run starts a new attempt: only terminal events after the resume count
               coalesce(max(CASE WHEN e.type = 'run_resumed' THEN e.id END) OVER (PARTITION BY e.run_id), 0) AS resumed_id,
               e.id,
               row_number() OVER w AS n,
               count(*) OVER (PARTITION BY e.run_id) AS total
        FROM workflow_events e JOIN created c ON c.run_id = e.run_id
        WINDOW w AS (PARTITION BY e.run_id ORDER BY e.id)
      ), facts AS (
        SELECT run_id,
               count(*) AS events,
               count(*) FILTER (WHERE type IN ('run_completed', 'run_failed') AND id > resumed_id) AS terminals,
               max(type) FILTER (WHERE type IN ('run_completed', 'run_failed') AND id > resumed_id) AS terminal_type,
               bool_or(n = 1 AND type = 'run_created') AS first_created,
               bool_or(n = total AND type IN ('run_completed', 'run_failed')) AS ends_terminal,
               count(*) FILTER (WHERE ts < prev_ts) AS out_of_order
        FROM ordered GROUP BY run_id
      )
      SELECT c.load_id, r.id, r.status, r.started_at, r.finished_at, r.project_id, d.project_id,
             f.events, f.terminals, f.terminal_type, f.first_created, f.ends_terminal, f.out_of_order
      FROM created c
      JOIN workflow_runs r ON r.id = c.run_id
      JOIN workflow_definitions d ON d.id = r.workflow_id
      JOIN facts f ON f.run_id = c.run_id
      """;

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

  public List<RunRecord> runs(String loadIdPrefix) throws SQLException {
    List<RunRecord> runs = new ArrayList<>();
    try (Connection c = connect()) {
      c.setAutoCommit(false); // lets the driver stream with a cursor instead of buffering all rows
      try (PreparedStatement ps = c.prepareStatement(RUNS)) {
        ps.setFetchSize(10_000);
        ps.setString(1, loadIdPrefix);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            runs.add(
                new RunRecord(
                    rs.getString(1),
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    instant(rs.getTimestamp(4)),
                    instant(rs.getTimestamp(5)),
                    rs.getObject(6, UUID.class),
                    rs.getObject(7, UUID.class),
                    rs.getInt(8),
                    rs.getInt(9),
                    rs.getString(10),
                    rs.getBoolean(11),
                    rs.getBoolean(12),
                    rs.getInt(13)));
          }
        }
      }
      c.commit();
    }
    return runs;
  }

  /** Each run's event ids in order, for judging what a live-log stream received. */
  public java.util.Map<String, List<Long>> eventIds(java.util.Collection<String> runIds) throws SQLException {
    java.util.Map<String, List<Long>> ids = new java.util.HashMap<>();
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT run_id::text, id FROM workflow_events WHERE run_id = ANY (?::uuid[]) ORDER BY run_id, id")) {
      ps.setArray(1, c.createArrayOf("text", runIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
        }
      }
    }
    return ids;
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
