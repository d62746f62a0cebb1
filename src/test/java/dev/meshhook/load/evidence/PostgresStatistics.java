package dev.meshhook.load.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Reads one {@link DatabaseSample} from PostgreSQL's statistics views over one connection, as a
 * read-only role, in one prepared statement. A view this server lacks, or that the role may not
 * read, leaves its figures NaN and is said once; the others still count.
 */
final class PostgresStatistics {
  /**
   * Ends every statement the sampler sends, so an operator (and {@link StatementStatistics}) can
   * tell them from the engine's in pg_stat_activity and pg_stat_statements. At the end, not the
   * start: PostgreSQL 18's pg_stat_statements keeps a statement's text without its leading comment.
   */
  static final String MARK = "/* meshhook-load database sampler */";

  /** The statement, marked as the sampler's. */
  static String marked(String sql) {
    return sql + "\n" + MARK;
  }

  /** Says a thing once per {@code about}, however often it recurs. */
  interface Notes {
    void once(String about, String text);
  }

  // Every figure of a sample comes from one statement, prepared once per connection: seven
  // statements a second cost the suite about 3 ms of CPU on a 2-core machine (its JDBC code never
  // gets hot at one call a second), one prepared about 0.8 ms. Each part is a subquery of one row
  // that was tried alone on connecting; one this server lacks or the role may not read is left
  // out, its figures NaN, and said once, so the others still count.

  // The groups go as one text (state|wait|sessions per line): the statement returns one row.
  private static final Part ACTIVITY =
      new Part(
          "pg_stat_activity",
          """
          SELECT string_agg(coalesce(state, '') || '|' || coalesce(wait_event_type, '') || '|' || sessions, E'\\n') AS activity
          FROM (SELECT state, wait_event_type, count(*) AS sessions FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                  AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')
                GROUP BY state, wait_event_type) g""");

  // Over other backends only: the sampler's own statement is always the youngest anyway, and is
  // not what holds back vacuum.
  private static final Part OLDEST_TRANSACTION =
      new Part(
          "pg_stat_activity",
          """
          SELECT coalesce(greatest(0, extract(epoch FROM clock_timestamp() - min(xact_start)) * 1000), 0)
            AS oldest_transaction_ms
          FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()""");

  // A row lock is waited for on the holder's transaction id, a lock without a database: the
  // waiters are told by their backend instead. pg_locks and the pid of every session are visible
  // to any role.
  private static final Part LOCKS_NOT_GRANTED =
      new Part(
          "pg_locks",
          """
          SELECT count(*) AS locks_not_granted FROM pg_locks WHERE NOT granted
            AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())""");

  private static final List<String> DATABASE_COLUMNS =
      List.of(
          "xact_commit",
          "xact_rollback",
          "blks_read",
          "blks_hit",
          "tup_inserted",
          "tup_updated",
          "deadlocks",
          "temp_bytes");

  private static final List<String> WAL_COLUMNS =
      List.of("wal_records", "wal_bytes", "wal_buffers_full");

  // A partitioned table (MeshHook's workflow_events) has its rows in its partitions: sum them. The
  // counts come from the functions behind pg_stat_user_tables: the view itself reads every table's
  // statistics, some 15 ms a time against 0.5 ms.
  private static final Part TABLES =
      new Part(
          "pg_stat_user_tables",
          """
          WITH RECURSIVE tree (root, relid) AS (
            SELECT c.relname::text, c.oid FROM pg_class c
            WHERE c.oid IN (to_regclass('workflow_runs')::oid, to_regclass('workflow_events')::oid)
            UNION ALL
            SELECT tree.root, i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.relid
          )
          SELECT sum(pg_stat_get_live_tuples(relid)) FILTER (WHERE root = 'workflow_runs') AS runs_live,
                 sum(pg_stat_get_dead_tuples(relid)) FILTER (WHERE root = 'workflow_runs') AS runs_dead,
                 sum(pg_stat_get_live_tuples(relid)) FILTER (WHERE root = 'workflow_events') AS events_live,
                 sum(pg_stat_get_dead_tuples(relid)) FILTER (WHERE root = 'workflow_events') AS events_dead
          FROM tree""");

  /** A subquery of one row whose columns are named, and the view it reads, to say what failed. */
  record Part(String view, String sql) {}

  private final Connection connection;
  private final Notes notes;
  private final String role;
  // Whether the role sees every session's state, wait and transaction (pg_read_all_stats, which
  // pg_monitor includes, or a superuser): without it other roles' sessions show no state at all.
  private final boolean seesAllSessions;
  private final StatementStatistics statements;
  // null when no part could be read at all
  private final PreparedStatement sample;

  private PostgresStatistics(
      Connection connection,
      Notes notes,
      String role,
      boolean seesAllSessions,
      StatementStatistics statements,
      PreparedStatement sample) {
    this.connection = connection;
    this.notes = notes;
    this.role = role;
    this.seesAllSessions = seesAllSessions;
    this.statements = statements;
    this.sample = sample;
  }

  /**
   * Learns, once per connection, what its role may see and where pg_stat_statements lives, and
   * prepares the one statement that reads a sample.
   */
  static PostgresStatistics on(Connection c, Notes notes) throws SQLException {
    String role;
    boolean seesAll;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(marked("SELECT current_user"))) {
      rs.next();
      role = rs.getString(1);
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(marked("SELECT pg_has_role('pg_read_all_stats', 'USAGE')"))) {
      rs.next();
      seesAll = rs.getBoolean(1);
    } catch (SQLException e) {
      seesAll = false; // a server older than the role (PostgreSQL 10)
    }
    if (!seesAll) {
      notes.once(
          "visibility",
          "sessions, wait events and transaction ages of other roles not visible (their columns"
              + " read NaN), nor their statements' text; grant pg_monitor to "
              + role);
    }
    StatementStatistics statements = StatementStatistics.on(c, notes);
    PostgresStatistics probing = new PostgresStatistics(c, notes, role, seesAll, statements, null);
    List<Part> parts = new ArrayList<>();
    if (seesAll) {
      parts.add(ACTIVITY);
      parts.add(OLDEST_TRANSACTION);
    }
    parts.add(LOCKS_NOT_GRANTED);
    parts.add(
        probing.columnsOf(
            "pg_stat_database", DATABASE_COLUMNS, " WHERE datname = current_database()"));
    parts.add(probing.columnsOf("pg_stat_wal", WAL_COLUMNS, ""));
    parts.add(TABLES);
    parts.add(statements.totals());
    List<String> readable = new ArrayList<>();
    for (Part part : parts) {
      if (part != null && probing.readable(part)) {
        readable.add("(" + part.sql() + ") p" + readable.size());
      }
    }
    PreparedStatement sample =
        readable.isEmpty()
            ? null
            : c.prepareStatement(marked("SELECT * FROM " + String.join(" CROSS JOIN ", readable)));
    return new PostgresStatistics(c, notes, role, seesAll, statements, sample);
  }

  /**
   * The part that reads those of {@code wanted} columns that {@code view} has (they change between
   * versions: PostgreSQL 18 moved WAL write and sync timings to pg_stat_io); null when it has none
   * or cannot be read.
   */
  private Part columnsOf(String view, List<String> wanted, String where) throws SQLException {
    Set<String> has = new HashSet<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(marked("SELECT * FROM " + view + " LIMIT 0"))) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        has.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
    } catch (SQLException e) {
      failed(view, e);
      return null;
    }
    List<String> present = wanted.stream().filter(has::contains).toList();
    return present.isEmpty()
        ? null
        : new Part(view, "SELECT " + String.join(", ", present) + " FROM " + view + where);
  }

  private boolean readable(Part part) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(marked("SELECT * FROM (" + part.sql() + ") p"))) {
      return rs.next();
    } catch (SQLException e) {
      failed(part.view(), e);
      return false;
    }
  }

  /** Whether the role sees every session and every statement's text. */
  boolean seesAllSessions() {
    return seesAllSessions;
  }

  StatementStatistics statements() {
    return statements;
  }

  /**
   * One sample; the figures of a part that cannot be read are NaN.
   *
   * @throws SQLException when the connection itself failed: a sample of NaN would hide that
   */
  DatabaseSample read(long epochMs, double databaseCores) throws SQLException {
    Map<String, Double> numbers = new HashMap<>();
    String groups = null;
    boolean activitySeen = false;
    if (sample != null) {
      try (ResultSet rs = sample.executeQuery()) {
        if (rs.next()) {
          ResultSetMetaData meta = rs.getMetaData();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            String label = meta.getColumnLabel(i);
            if (label.equals("activity")) {
              groups = rs.getString(i);
              activitySeen = true;
            } else {
              numbers.put(label, number(rs, i));
            }
          }
        }
      } catch (SQLException e) {
        failed("the database's statistics", e);
      }
    }
    ToDoubleFunction<String> at = name -> numbers.getOrDefault(name, Double.NaN);
    double locks = at.applyAsDouble("locks_not_granted");
    DatabaseSample.Activity activity =
        activitySeen
            ? DatabaseSample.Activity.of(
                activityGroups(groups), locks, at.applyAsDouble("oldest_transaction_ms"))
            : DatabaseSample.Activity.unseen(locks);
    return new DatabaseSample(
        epochMs,
        activity,
        new DatabaseSample.Counters(
            at.applyAsDouble("xact_commit"),
            at.applyAsDouble("xact_rollback"),
            at.applyAsDouble("blks_read"),
            at.applyAsDouble("blks_hit"),
            at.applyAsDouble("tup_inserted"),
            at.applyAsDouble("tup_updated"),
            at.applyAsDouble("deadlocks"),
            at.applyAsDouble("temp_bytes"),
            at.applyAsDouble("wal_records"),
            at.applyAsDouble("wal_bytes"),
            at.applyAsDouble("wal_buffers_full"),
            at.applyAsDouble(StatementStatistics.CALLS),
            at.applyAsDouble(StatementStatistics.EXEC_MS)),
        new DatabaseSample.Tables(
            at.applyAsDouble("runs_live"),
            at.applyAsDouble("runs_dead"),
            at.applyAsDouble("events_live"),
            at.applyAsDouble("events_dead")),
        databaseCores);
  }

  /**
   * The groups as {@link #ACTIVITY} writes them: state|wait|sessions, one per line; none is null.
   */
  static List<DatabaseSample.Activity.Group> activityGroups(String text) {
    List<DatabaseSample.Activity.Group> groups = new ArrayList<>();
    if (text == null) {
      return groups;
    }
    for (String line : text.split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f.length == 3) {
        groups.add(
            new DatabaseSample.Activity.Group(
                f[0].isEmpty() ? null : f[0], f[1].isEmpty() ? null : f[1], Long.parseLong(f[2])));
      }
    }
    return groups;
  }

  /**
   * A view that could not be read is said once; a connection that failed is thrown on, for the
   * sampler to connect again.
   */
  void failed(String view, SQLException e) throws SQLException {
    if (connection.isClosed() || !connection.isValid(2)) {
      throw e;
    }
    notes.once(view, view + " not read as " + role + " (its columns read NaN): " + e.getMessage());
  }

  static double number(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }
}
