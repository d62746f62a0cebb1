package dev.meshhook.load.evidence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The target database's statements as {@code pg_stat_statements} counts them, when the extension is
 * installed and loaded: their total calls and execution time each second (the sampler's own
 * included: it is work the database did), and the statements that took the most time over the run,
 * from a reading at its start and one at its end, into {@code database-statements}.
 */
public final class StatementStatistics {
  public static final String FILE_NAME = "database-statements";
  static final String HEADER = "calls\ttotalMs\tquery";
  static final int TOP = 5;
  static final int QUERY_CHARS = 120;

  /** The columns of {@link #totals}: total calls and execution time so far. */
  static final String CALLS = "statement_calls", EXEC_MS = "statement_exec_ms";

  /** One statement over the run (or since its first reading): calls, time, its text (shortened). */
  public record Top(long calls, double totalMs, String query) {}

  /** One statement's cumulative figures in one reading. */
  record Reading(long calls, double totalMs, String query) {}

  /** A failed reading: the view is said once, a broken connection thrown on. */
  interface Failure {
    void failed(String view, SQLException e) throws SQLException;
  }

  private final Connection connection;
  // The extension's schema, quoted (Supabase installs it in "extensions"); null when not installed.
  private final String schema;

  private StatementStatistics(Connection connection, String schema) {
    this.connection = connection;
    this.schema = schema;
  }

  static StatementStatistics on(Connection c, PostgresStatistics.Notes notes) throws SQLException {
    String schema = null;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                PostgresStatistics.marked(
                    "SELECT quote_ident(n.nspname) FROM pg_extension e"
                        + " JOIN pg_namespace n ON n.oid = e.extnamespace"
                        + " WHERE e.extname = 'pg_stat_statements'"))) {
      if (rs.next()) {
        schema = rs.getString(1);
      }
    }
    if (schema == null) {
      notes.once(
          "pg_stat_statements",
          "pg_stat_statements is not installed in this database (statement columns read NaN):"
              + " load it (shared_preload_libraries) and CREATE EXTENSION pg_stat_statements");
    }
    return new StatementStatistics(c, schema);
  }

  /**
   * The part of the sample that reads the totals; null when the extension is not installed. Without
   * the text (showtext false) the query file is not read: cheap enough for every second. Installed
   * but not loaded, it says so itself: "must be loaded via shared_preload_libraries".
   */
  PostgresStatistics.Part totals() {
    if (schema == null) {
      return null;
    }
    return new PostgresStatistics.Part(
        "pg_stat_statements",
        "SELECT coalesce(sum(calls), 0) AS "
            + CALLS
            + ", coalesce(sum(total_exec_time), 0) AS "
            + EXEC_MS
            + " FROM "
            + schema
            + ".pg_stat_statements(false) WHERE dbid ="
            + " (SELECT oid FROM pg_database WHERE datname = current_database())");
  }

  /**
   * Every statement of this database but the sampler's own, by user, query id and level, with its
   * text; empty when not available. A statement whose id the role may not see is left out.
   */
  Map<String, Reading> reading(Failure failure) throws SQLException {
    Map<String, Reading> statements = new HashMap<>();
    if (schema == null) {
      return statements;
    }
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                PostgresStatistics.marked(
                    "SELECT * FROM "
                        + schema
                        + ".pg_stat_statements WHERE dbid ="
                        + " (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND queryid IS NOT NULL"))) {
      boolean levels = hasColumn(rs, "toplevel");
      while (rs.next()) {
        String query = rs.getString("query");
        if (query == null || query.contains(PostgresStatistics.MARK)) {
          continue;
        }
        String key =
            rs.getString("userid")
                + "/"
                + rs.getString("queryid")
                + (levels ? "/" + rs.getString("toplevel") : "");
        statements.put(
            key, new Reading(rs.getLong("calls"), rs.getDouble("total_exec_time"), query));
      }
    } catch (SQLException e) {
      failure.failed("pg_stat_statements", e);
      statements.clear();
    }
    return statements;
  }

  private static boolean hasColumn(ResultSet rs, String name) throws SQLException {
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      if (rs.getMetaData().getColumnLabel(i).equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The {@code n} statements that took the most execution time between two readings. A statement
   * whose calls went down was reset (or evicted and seen again) since the first: all it has counts.
   */
  static List<Top> top(Map<String, Reading> first, Map<String, Reading> last, int n) {
    List<Top> tops = new ArrayList<>();
    for (Map.Entry<String, Reading> e : last.entrySet()) {
      Reading now = e.getValue();
      Reading before = first.get(e.getKey());
      boolean counting = before != null && before.calls() <= now.calls();
      long calls = counting ? now.calls() - before.calls() : now.calls();
      double ms = counting ? now.totalMs() - before.totalMs() : now.totalMs();
      if (calls > 0) {
        tops.add(new Top(calls, ms, shortened(now.query())));
      }
    }
    tops.sort(Comparator.comparingDouble(Top::totalMs).reversed());
    return List.copyOf(tops.subList(0, Math.min(n, tops.size())));
  }

  /** One line of at most {@link #QUERY_CHARS} characters: the file is tab-separated. */
  static String shortened(String query) {
    String line = query.replaceAll("\\s+", " ").trim();
    return line.length() <= QUERY_CHARS ? line : line.substring(0, QUERY_CHARS - 1) + "…";
  }

  static void write(Path folder, List<Top> tops) {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Top t : tops) {
      b.append(t.calls())
          .append('\t')
          .append(String.format(Locale.ROOT, "%.3f", t.totalMs()))
          .append('\t')
          .append(t.query())
          .append('\n');
    }
    Path file = folder.resolve(FILE_NAME);
    try {
      Files.writeString(file, b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The run's top statements, most time first; empty when none were read. */
  public static List<Top> read(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    List<Top> tops = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return tops;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", 3);
        if (f.length != 3 || line.equals(HEADER)) {
          continue;
        }
        try {
          tops.add(new Top(Long.parseLong(f[0]), Double.parseDouble(f[1]), f[2]));
        } catch (NumberFormatException e) {
          // torn line
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return tops;
  }
}
