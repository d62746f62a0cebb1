package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

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
  // Whether a connection pooler or proxy sits between the checker and PostgreSQL; null until the
  // first connection tells.
  private Boolean pooled;

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
    Connection c;
    try {
      c = DriverManager.getConnection(jdbcUrl, props);
    } catch (SQLException e) {
      throw explained(e);
    }
    try {
      c.setReadOnly(true);
      if (pooled(c)) {
        // No statement is prepared on the server: behind a pooler in transaction mode it would stay
        // on a server connection that other clients get next ("prepared statement S_1 already
        // exists"), and this client's next transaction may run on another ("... does not exist").
        c.unwrap(PGConnection.class).setPrepareThreshold(0);
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Whether a pooler or proxy sits between the checker and PostgreSQL, as its first connection
   * told; false before any. Behind one, a read holds one transaction at a time: a transaction-mode
   * pool hands out a server connection per transaction, and checks that each wait for a second
   * while holding a first can take the whole pool and wait for each other until the pooler's
   * timeout.
   */
  synchronized boolean behindPooler() {
    return Boolean.TRUE.equals(pooled);
  }

  /**
   * Asked once per reader, on its first connection. A pooler gives its client a backend key of its
   * own (pgjdbc's {@code getBackendPID()}), not the server's process id; a proxy shows as a port
   * other than the server's. Either way the checker then prepares nothing on the server, and says
   * so once.
   */
  private synchronized boolean pooled(Connection c) throws SQLException {
    if (pooled == null) {
      int given = c.unwrap(PGConnection.class).getBackendPID();
      int serverPid;
      Integer serverPort;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT pg_backend_pid(), inet_server_port()")) {
        rs.next();
        serverPid = rs.getInt(1);
        serverPort = (Integer) rs.getObject(2); // null over a Unix socket
      }
      Properties url = Driver.parseURL(jdbcUrl, null);
      String urlPorts = url == null ? null : url.getProperty("PGPORT");
      boolean otherPort =
          serverPort != null
              && urlPorts != null
              && !List.of(urlPorts.split(",")).contains(serverPort.toString());
      boolean otherPid = given != serverPid;
      pooled = otherPid || otherPort;
      if (pooled) {
        List<String> signs = new ArrayList<>();
        if (otherPid) {
          signs.add(
              "backend pid " + serverPid + " at the server, " + given + " in the connection's key");
        }
        if (otherPort) {
          signs.add("port " + serverPort + " at the server, " + urlPorts + " in the URL");
        }
        System.out.println(
            "checker: a connection pooler or proxy sits between the checker and PostgreSQL ("
                + String.join("; ", signs)
                + "), so it prepares no statement on the server (prepareThreshold=0), as a pooler"
                + " in transaction mode requires; results then come as text, not binary");
      }
    }
    return pooled;
  }

  /**
   * What to change, added to the errors a pooler in transaction mode causes when the checker did
   * not see it: never a verdict, and never an error that leaves the user guessing.
   */
  static SQLException explained(SQLException e) {
    String message = String.valueOf(e.getMessage());
    String advice = null;
    // 26000 "prepared statement "S_1" does not exist", 42P05 "... already exists": pgjdbc's names.
    if (("26000".equals(e.getSQLState()) || "42P05".equals(e.getSQLState()))
        && message.contains("\"S_")) {
      advice =
          "a connection pooler in transaction mode sits between the checker and PostgreSQL;"
              + " add prepareThreshold=0 to the JDBC URL, or use the pooler's session mode"
              + " (Supabase: the session pooler on port 5432, not the transaction pooler on 6543)";
    } else if (message.contains("unsupported startup parameter")) {
      advice =
          "the connection pooler refuses a start-up parameter: drop the URL option that sets it"
              + " (e.g. currentSchema, options), or list it in the pooler's"
              + " ignore_startup_parameters (older pgjdbc needs extra_float_digits there)";
    } else if (message.contains("query_wait_timeout")) {
      advice =
          "the connection pooler had no free server connection in time; the checker holds two at"
              + " once where it sees no pooler (the runs and their events, read in one snapshot),"
              + " one behind a pooler it sees, and other clients hold theirs: give its pool more"
              + " (PgBouncer: default_pool_size), or use the pooler's session mode";
    }
    if (advice == null) {
      return e;
    }
    return new SQLException(message + " - " + advice, e.getSQLState(), e);
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
    } catch (SQLException e) {
      throw explained(e);
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
    return read(loadIdPrefix, dialect, 10);
  }

  /**
   * As {@link #read(String)}, steps read in {@code dialect}, naming up to {@code maxExamples} runs
   * whose step events no dialect reads.
   */
  public TagHistory read(String loadIdPrefix, Dialect dialect, int maxExamples)
      throws SQLException {
    try {
      return TagScan.read(this, loadIdPrefix, dialect, maxExamples);
    } catch (SQLException e) {
      throw explained(e);
    }
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

  /**
   * The tenant (project name) of each of these runs the database holds, for judging whose data a
   * read returned; ids that are not UUIDs, or not there, are left out.
   */
  public java.util.Map<String, String> tenantsOfRuns(java.util.Collection<String> runIds)
      throws SQLException {
    java.util.Map<String, String> tenants = new java.util.HashMap<>();
    List<String> uuids =
        runIds.stream()
            .filter(
                id ->
                    id.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
            .distinct()
            .toList();
    if (uuids.isEmpty()) {
      return tenants;
    }
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.id::text, p.name FROM workflow_runs r JOIN projects p ON p.id = r.project_id"
                    + " WHERE r.id = ANY (?::uuid[])")) {
      ps.setArray(1, c.createArrayOf("text", uuids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tenants.put(rs.getString(1), rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw explained(e);
    }
    return tenants;
  }
}
