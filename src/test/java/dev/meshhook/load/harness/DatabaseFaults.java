package dev.meshhook.load.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real faults on the embedded engine's database, done from outside the engine as the database
 * owner: what a failover, an operator's restart, a runaway client or a hand-made fix would do. Each
 * returns a line saying what it did, for the fault log.
 */
public final class DatabaseFaults {
  private final String ownerJdbcUrl;
  private final Path dataDir;

  public DatabaseFaults(String ownerJdbcUrl, Path dataDir) {
    this.ownerJdbcUrl = ownerJdbcUrl;
    this.dataDir = dataDir;
  }

  /** pg_terminate_backend of every engine connection, as a database failover would. */
  public String terminateEngineConnections() throws SQLException {
    try (Connection c = DriverManager.getConnection(ownerJdbcUrl);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                    + " AND usename <> 'meshhook_checker'")) {
      rs.next();
      return rs.getLong(1) + " engine connections terminated";
    }
  }

  /**
   * PostgreSQL stopped fast (clients cut, open transactions rolled back), {@code downtime} without
   * it, then started on the same data directory and port: a restart the engine must ride out.
   */
  public String restartPostgres(Duration downtime) throws InterruptedException {
    // pg_ctl signals the pid in postmaster.pid unchecked: it runs only once that pid is shown to be
    // this directory's server.
    String before = Long.toString(Postmaster.of(dataDir).pid());
    PostgresControl postgres = PostgresControl.of(dataDir);
    postgres.stopFast();
    Thread.sleep(downtime.toMillis());
    postgres.start();
    return "PostgreSQL pid "
        + before
        + " stopped fast, pid "
        + postmasterPid()
        + " started on the same data directory";
  }

  private String postmasterPid() {
    return Postmaster.find(dataDir).map(p -> Long.toString(p.pid())).orElse("(not found)");
  }

  /**
   * An outside client holds the runs table in EXCLUSIVE mode for {@code hold}: reads still pass,
   * but every engine connection that records or claims a run waits behind it, so the engine's pool
   * runs dry and intake must shed (503) rather than hang or acknowledge what it did not store.
   */
  public String exhaustPool(Duration hold) throws SQLException, InterruptedException {
    try (Connection c = DriverManager.getConnection(ownerJdbcUrl)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("LOCK TABLE workflow_runs IN EXCLUSIVE MODE");
        Thread.sleep(hold.toMillis());
        int waiting = waitingEngineConnections(st);
        c.rollback();
        return "runs table locked for "
            + hold.toMillis()
            + " ms by an outside client; "
            + waiting
            + " engine connections were waiting on it at the end";
      }
    }
  }

  private static int waitingEngineConnections(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Hand-made damage to one run's row, each breaking the event-log contract in its own way. */
  public enum RunEdit {
    /** The run moves to another tenant than its workflow's. */
    OTHER_TENANT(
        "project_id = (SELECT p.id FROM projects p WHERE p.id <> workflow_runs.project_id ORDER BY p.name LIMIT 1)"),
    /** A finished run loses its finished_at. */
    NO_FINISHED_AT("finished_at = NULL"),
    /** A finished run goes back to running although its terminal event stays. */
    BACK_TO_RUNNING("status = 'running', finished_at = NULL");

    private final String set;

    RunEdit(String set) {
      this.set = set;
    }
  }

  /**
   * Applies {@code edit} to the one run carrying {@code loadId}, behind the engine's back; false if
   * no run did.
   */
  public boolean editRun(String loadId, RunEdit edit) throws SQLException {
    try (Connection c = DriverManager.getConnection(ownerJdbcUrl);
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE workflow_runs SET "
                    + edit.set
                    + " WHERE id = (SELECT run_id"
                    + " FROM workflow_events WHERE type = 'run_created' AND payload -> 'headers' ->> 'x-meshhook-load-id' = ?)")) {
      ps.setString(1, loadId);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Changes {@code count} finished runs whose load id starts with {@code loadIdPrefix} behind the
   * engine's back (status succeeded to failed, by SQL); returns their load ids, which replay must
   * name.
   */
  public List<String> editRuns(String loadIdPrefix, int count) throws SQLException {
    List<String> loadIds = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(ownerJdbcUrl);
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE workflow_runs SET status = 'failed' WHERE id IN (SELECT r.id FROM workflow_runs r"
                    + " JOIN workflow_events e ON e.run_id = r.id AND e.type = 'run_created'"
                    + " WHERE r.status = 'succeeded' AND starts_with(e.payload -> 'headers' ->> 'x-meshhook-load-id', ?)"
                    + " ORDER BY r.started_at LIMIT ?)"
                    + " RETURNING (SELECT payload -> 'headers' ->> 'x-meshhook-load-id' FROM workflow_events"
                    + " WHERE run_id = workflow_runs.id AND type = 'run_created')")) {
      ps.setString(1, loadIdPrefix);
      ps.setInt(2, count);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          loadIds.add(rs.getString(1));
        }
      }
    }
    return loadIds;
  }
}
