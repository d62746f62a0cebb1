package dev.meshhook.load.evidence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one {@link DatabaseSample} from PostgreSQL's statistics views over one connection, as a
 * read-only role. Each view is read on its own: one this server lacks, or that the role may not
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

  private static final String ACTIVITY =
      marked(
          """
          SELECT state, wait_event_type, count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()
            AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')
          GROUP BY state, wait_event_type""");

  // Over other backends only: the sampler's own statement is always the youngest anyway, and is
  // not what holds back vacuum.
  private static final String OLDEST_TRANSACTION =
      marked(
          """
          SELECT coalesce(greatest(0, extract(epoch FROM clock_timestamp() - min(xact_start)) * 1000), 0)
          FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()""");

  // A row lock is waited for on the holder's transaction id, a lock without a database: the
  // waiters are told by their backend instead. pg_locks and the pid of every session are visible
  // to any role.
  private static final String LOCKS_NOT_GRANTED =
      marked(
          """
          SELECT count(*) FROM pg_locks WHERE NOT granted
            AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())""");

  private static final String DATABASE =
      marked("SELECT * FROM pg_stat_database WHERE datname = current_database()");

  // SELECT *: the columns change between versions (PostgreSQL 18 moved write and sync timings to
  // pg_stat_io), and a column this server lacks reads NaN.
  private static final String WAL = marked("SELECT * FROM pg_stat_wal");

  // A partitioned table (MeshHook's workflow_events) has its rows in its partitions: sum them. The
  // counts come from the functions behind pg_stat_user_tables: the view itself reads every table's
  // statistics, some 15 ms a time against 0.5 ms.
  private static final String TABLES =
      marked(
          """
          WITH RECURSIVE tree (root, relid) AS (
            SELECT c.relname::text, c.oid FROM pg_class c
            WHERE c.oid IN (to_regclass('workflow_runs')::oid, to_regclass('workflow_events')::oid)
            UNION ALL
            SELECT tree.root, i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.relid
          )
          SELECT root, sum(pg_stat_get_live_tuples(relid)), sum(pg_stat_get_dead_tuples(relid))
          FROM tree GROUP BY root""");

  private final Connection connection;
  private final Notes notes;
  private final String role;
  // Whether the role sees every session's state, wait and transaction (pg_read_all_stats, which
  // pg_monitor includes, or a superuser): without it other roles' sessions show no state at all.
  private final boolean seesAllSessions;
  private final StatementStatistics statements;

  private PostgresStatistics(
      Connection connection,
      Notes notes,
      String role,
      boolean seesAllSessions,
      StatementStatistics statements) {
    this.connection = connection;
    this.notes = notes;
    this.role = role;
    this.seesAllSessions = seesAllSessions;
    this.statements = statements;
  }

  /** Learns, once per connection, what its role may see and where pg_stat_statements lives. */
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
    return new PostgresStatistics(c, notes, role, seesAll, StatementStatistics.on(c, notes));
  }

  /** Whether the role sees every session and every statement's text. */
  boolean seesAllSessions() {
    return seesAllSessions;
  }

  StatementStatistics statements() {
    return statements;
  }

  /**
   * One sample; a view that cannot be read leaves its columns NaN.
   *
   * @throws SQLException when the connection itself failed: a sample of NaN would hide that
   */
  DatabaseSample read(long epochMs, double databaseCores) throws SQLException {
    double locks = single("pg_locks", LOCKS_NOT_GRANTED);
    DatabaseSample.Activity activity =
        seesAllSessions
            ? activity(locks, single("pg_stat_activity", OLDEST_TRANSACTION))
            : DatabaseSample.Activity.unseen(locks);
    Columns db = row("pg_stat_database", DATABASE);
    Columns wal = row("pg_stat_wal", WAL);
    StatementStatistics.Totals totals = statements.totals(this::failed);
    return new DatabaseSample(
        epochMs,
        activity,
        new DatabaseSample.Counters(
            db.get("xact_commit"),
            db.get("xact_rollback"),
            db.get("blks_read"),
            db.get("blks_hit"),
            db.get("tup_inserted"),
            db.get("tup_updated"),
            db.get("deadlocks"),
            db.get("temp_bytes"),
            wal.get("wal_records"),
            wal.get("wal_bytes"),
            wal.get("wal_buffers_full"),
            totals.calls(),
            totals.execMs()),
        tables(),
        databaseCores);
  }

  private DatabaseSample.Activity activity(double locks, double oldestMs) throws SQLException {
    List<DatabaseSample.Activity.Group> groups = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(ACTIVITY)) {
      while (rs.next()) {
        groups.add(
            new DatabaseSample.Activity.Group(rs.getString(1), rs.getString(2), rs.getLong(3)));
      }
    } catch (SQLException e) {
      failed("pg_stat_activity", e);
      return DatabaseSample.Activity.unseen(locks);
    }
    return DatabaseSample.Activity.of(groups, locks, oldestMs);
  }

  private DatabaseSample.Tables tables() throws SQLException {
    Map<String, double[]> rows = new HashMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(TABLES)) {
      while (rs.next()) {
        rows.put(rs.getString(1), new double[] {number(rs, 2), number(rs, 3)});
      }
    } catch (SQLException e) {
      failed("pg_stat_user_tables", e);
    }
    double[] none = {Double.NaN, Double.NaN};
    double[] runs = rows.getOrDefault("workflow_runs", none);
    double[] events = rows.getOrDefault("workflow_events", none);
    return new DatabaseSample.Tables(runs[0], runs[1], events[0], events[1]);
  }

  private double single(String view, String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? number(rs, 1) : Double.NaN;
    } catch (SQLException e) {
      failed(view, e);
      return Double.NaN;
    }
  }

  private Columns row(String view, String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? Columns.of(rs) : Columns.NONE;
    } catch (SQLException e) {
      failed(view, e);
      return Columns.NONE;
    }
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

  /** One row's numeric columns by name; a column the row lacks reads NaN. */
  record Columns(Map<String, Double> byName) {
    static final Columns NONE = new Columns(Map.of());

    static Columns of(ResultSet rs) throws SQLException {
      ResultSetMetaData meta = rs.getMetaData();
      Map<String, Double> byName = new HashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        Object value = rs.getObject(i);
        if (value instanceof Number n) {
          byName.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), n.doubleValue());
        }
      }
      return new Columns(byName);
    }

    double get(String name) {
      return byName.getOrDefault(name, Double.NaN);
    }
  }
}
