package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a run tag's runs and every event of them once: the stored rows on one connection while a
 * second streams the events (id, timestamp, type and the step number of a success or a resume, no
 * payloads), both in one snapshot; {@link TagJudge} puts them together. Only the rare run the fast
 * path cannot vouch for is read again, with whole payloads, for the full replay.
 *
 * <p>Neither stream is sorted: sorting a million runs' events costs the database more than grouping
 * them in memory ({@link RunEvents}) costs here.
 */
public final class TagScan {
  public static final String ROWS =
      HistoryReader.CREATED
          + """

      SELECT c.run_id, c.load_id, r.status, r.started_at::timestamptz, r.finished_at::timestamptz,
             r.project_id, d.project_id
      FROM created c
      JOIN workflow_runs r ON r.id = c.run_id
      LEFT JOIN workflow_definitions d ON d.id = r.workflow_id
      """;

  /** The tag's events with the text each success's step key is read from, in {@code dialect}. */
  public static String events(Dialect dialect) {
    return events(dialect.stepKeySql());
  }

  /**
   * The tag's events, each once (the tag's runs as a semi-join, no run fields): run id, id, time,
   * type and {@code last}, an expression over {@code e}.
   */
  static String events(String last) {
    return HistoryReader.CREATED
        + """

        SELECT e.run_id, e.id, e.ts, e.type, %s
        FROM workflow_events e
        WHERE e.run_id IN (SELECT run_id FROM created)
        """
            .formatted(last);
  }

  /**
   * The statement the events are read with, as the checker runs it on {@code c} (the load-id prefix
   * inlined, a copy takes no parameters): what the benchmark explains as the database's own share.
   */
  public static String eventsQuery(Connection c, String loadIdPrefix, Dialect dialect)
      throws SQLException {
    return BinaryCopy.inlined(c, events(dialect), loadIdPrefix);
  }

  private TagScan() {}

  static TagHistory read(
      HistoryReader history, String loadIdPrefix, Dialect dialect, int maxExamples)
      throws SQLException {
    ExecutorService rowReader = daemons(1, "checker-rows");
    try (Connection rowsConnection = history.connect();
        Connection eventsConnection = beside(history, rowsConnection)) {
      shareSnapshot(rowsConnection, eventsConnection);
      Future<List<TagJudge.StoredRow>> rows =
          readBeside(rowsConnection, eventsConnection, rowReader, c -> rows(c, loadIdPrefix));
      RunEvents events = events(eventsConnection, loadIdPrefix, dialect);
      TagJudge.Result judged = TagJudge.judge(await(rows, "reading the runs"), events, dialect);
      List<Replay.Mismatch> replay = new ArrayList<>(judged.replay());
      NotJudged notJudged = judged.notJudged();
      Tally unreadable = Tally.NONE;
      if (!judged.unreadable().isEmpty() || !judged.judgeFully().isEmpty()) {
        planForFewRuns(rowsConnection);
      }
      if (!judged.judgeFully().isEmpty()) {
        replay.addAll(
            Replay.judgeFully(rowsConnection, loadIdPrefix, judged.judgeFully(), dialect));
      }
      if (!judged.unreadable().isEmpty()) {
        StepReadings.Result readings =
            StepReadings.read(
                rowsConnection,
                loadIdPrefix,
                judged.unreadable().stream().map(TagJudge.StoredRow::runId).toList(),
                dialect,
                maxExamples);
        notJudged = notJudged.and(readings.notJudged());
        unreadable = readings.unreadable();
      }
      replay.sort(
          Comparator.comparing(
              Replay.Mismatch::runId)); // run id order, as the database orders uuids
      rowsConnection.commit();
      eventsConnection.commit();
      return new TagHistory(judged.runs(), List.copyOf(replay), notJudged, unreadable);
    } finally {
      rowReader.shutdownNow();
    }
  }

  /**
   * The connection a read's second statement runs on beside {@code first}: one of its own, or,
   * behind a pooler ({@link HistoryReader#behindPooler}), {@code first} itself, so that a read
   * never holds two transactions of a transaction-mode pool at once: checks that each held one and
   * waited for a second took the whole pool and waited for each other until the pooler's timeout.
   */
  static Connection beside(HistoryReader history, Connection first) throws SQLException {
    return history.behindPooler() ? first : history.connect();
  }

  /** A read of one connection, for {@link #readBeside}. */
  interface Read<T> {
    T from(Connection c) throws SQLException;
  }

  /**
   * {@code read} of {@code connection} while the caller streams on {@code stream}: on {@code
   * reader}, or at once, before the stream, when the two are one connection ({@link #beside}).
   */
  static <T> Future<T> readBeside(
      Connection connection, Connection stream, ExecutorService reader, Read<T> read)
      throws SQLException {
    return connection == stream
        ? CompletableFuture.completedFuture(read.from(connection))
        : reader.submit(() -> read.from(connection));
  }

  /**
   * Both connections see one snapshot, so a run's row and its events agree even while the engine
   * still writes. Where a snapshot cannot be exported (a standby), each reads its own, as before.
   * One connection ({@link #beside}) is one repeatable-read transaction: one snapshot by itself.
   */
  static void shareSnapshot(Connection first, Connection second) throws SQLException {
    if (first == second) {
      first.setAutoCommit(false);
      repeatableRead(first);
      planForWholeTag(first);
      return;
    }
    for (Connection c : List.of(first, second)) {
      c.setAutoCommit(false); // lets the driver stream with a cursor instead of buffering all rows
      repeatableRead(c);
    }
    String snapshot;
    try (Statement st = first.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
      rs.next();
      snapshot = rs.getString(1);
    } catch (SQLException e) {
      first.rollback();
      repeatableRead(first);
      snapshot = null;
    }
    if (snapshot != null) {
      try (Statement st = second.createStatement()) {
        st.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
      }
    }
    for (Connection c : List.of(first, second)) {
      planForWholeTag(c);
    }
  }

  /**
   * Repeatable read for the transaction now starting on {@code c}, set in it: {@code
   * setTransactionIsolation} sets the session's default instead, which behind a pooler in
   * transaction mode lands on whichever server connection runs that one statement, not on the one
   * the next transaction gets.
   */
  static void repeatableRead(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    }
  }

  /**
   * For the rest of this transaction on {@code c}, after {@link #planForWholeTag}: a few runs read
   * again by id, for which index lookups are right again.
   */
  static void planForFewRuns(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("RESET enable_nestloop");
    }
  }

  /**
   * For this transaction on {@code c}: plans that read a whole tag in one pass, whatever its size.
   */
  public static void planForWholeTag(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      // The planner cannot estimate the load-id prefix and guesses a few thousand runs; for a large
      // tag it then looks runs up one by one through an index, 40 s for a million. Hash joins cost
      // one scan of each table, whatever the tag's size.
      st.execute("SET LOCAL enable_nestloop = off");
      // One hash table of the tag's run ids: a million runs need about 100 MB, without spilling.
      st.execute("SET LOCAL work_mem = '256MB'");
      // One process per statement, as a cursor fetched in batches always had: a copy may run in
      // parallel, which takes the database's every core from its engine (and, on a small machine,
      // from the checker decoding the stream), and interleaves the workers' rows, so a run's events
      // no longer arrive together.
      st.execute("SET LOCAL max_parallel_workers_per_gather = 0");
    }
  }

  /**
   * The tag's stored rows, through a binary copy too. The times are read as timestamps with time
   * zone: a column without one is read in the session's zone, the JVM's, as the driver reads it.
   */
  private static List<TagJudge.StoredRow> rows(Connection c, String loadIdPrefix)
      throws SQLException {
    List<TagJudge.StoredRow> rows = new ArrayList<>();
    Map<UUID, UUID> tenants = new HashMap<>(); // a handful of tenants shared by a million rows
    Map<String, String> statuses = new HashMap<>();
    try (BinaryCopy copy = BinaryCopy.start(c, BinaryCopy.inlined(c, ROWS, loadIdPrefix))) {
      while (copy.next()) {
        UUID project = copy.uuid(5);
        UUID workflowProject = copy.uuid(6);
        rows.add(
            new TagJudge.StoredRow(
                copy.uuid(0),
                copy.text(1),
                statuses.computeIfAbsent(copy.text(2), s -> s),
                copy.instant(3),
                copy.instant(4),
                project == null ? null : tenants.computeIfAbsent(project, p -> p),
                workflowProject == null ? null : tenants.computeIfAbsent(workflowProject, p -> p)));
      }
    }
    return rows;
  }

  /**
   * The tag's events through a binary copy ({@link BinaryCopy}): the database scans on one core
   * while this thread decodes on the other, and no field becomes an object but a success's step
   * key.
   */
  private static RunEvents events(Connection c, String loadIdPrefix, Dialect dialect)
      throws SQLException {
    RunEvents events = new RunEvents();
    Map<String, Integer> nodes = new HashMap<>();
    try (BinaryCopy copy = BinaryCopy.start(c, eventsQuery(c, loadIdPrefix, dialect))) {
      while (copy.next()) {
        byte[] row = copy.buffer();
        byte type = RunLog.type(row, copy.offset(3), copy.length(3));
        int step =
            type == RunLog.STEP_SUCCEEDED
                ? dialect.successKey(copy.text(4), nodes)
                : type == RunLog.RUN_RESUMED ? ReplayFold.stepNumber(copy.text(4), 0) : -1;
        events.add(copy.high(0), copy.low(0), copy.integer(1), copy.int8(2), type, step);
      }
    }
    return events;
  }

  /**
   * Microseconds since the epoch, PostgreSQL's own precision; infinities stay beyond every finite
   * time.
   */
  static long micros(Timestamp ts) {
    long seconds = Math.floorDiv(ts.getTime(), 1000);
    if (Math.abs(seconds) > 9_000_000_000_000L) {
      return seconds > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return seconds * 1_000_000 + ts.getNanos() / 1000;
  }

  /** {@code threads} daemon threads named {@code name}: a checker never keeps the JVM alive. */
  static ExecutorService daemons(int threads, String name) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * What a worker thread returned, its failure rethrown as it was ({@code what}: what it was doing,
   * for an interruption).
   */
  static <T> T await(Future<T> future, String what) throws SQLException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
