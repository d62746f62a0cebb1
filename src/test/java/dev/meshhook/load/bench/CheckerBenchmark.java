package dev.meshhook.load.bench;

import dev.meshhook.load.checker.Dialect;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.ReExecutions;
import dev.meshhook.load.checker.Replay;
import dev.meshhook.load.checker.RunChecker;
import dev.meshhook.load.checker.TagHistory;
import dev.meshhook.load.checker.TagScan;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.store.EngineDatabase;
import dev.meshhook.load.ledger.LedgerEntry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long the checker takes, replay included: {@code mvn -Pbench-checker} (1,000,000 runs) or
 * {@code -Dbench.runs=100000}. Generates that many finished runs (5 events each) and the matching
 * ledger, then times the whole check three times: the read of the tag's runs and events (SQL,
 * transfer, facts and replay fold) and the judging against the ledger; then, three times, the
 * re-execution of every run's definition over its payloads. {@code -Dbench.data=<dir>} keeps the
 * generated database there and reuses it on the next run of the same size.
 */
public final class CheckerBenchmark {
  private static final String TAG = "20260101T000000bench";
  private static final int ROUNDS = 3;

  private CheckerBenchmark() {}

  public static void main(String[] args) throws Exception {
    // exec:java passes an empty -D knob as null
    int runs =
        args.length > 0 && args[0] != null && !args[0].isBlank()
            ? Integer.parseInt(args[0].replace("_", ""))
            : 1_000_000;
    String keep = args.length > 1 && args[1] != null ? args[1].trim() : "";
    // "partitioned": workflow_events as MeshHook lays it out (by range of ts, key (id, ts))
    boolean partitioned = args.length > 2 && "partitioned".equals(args[2]);
    Path dir =
        keep.isEmpty()
            ? Files.createTempDirectory("checker-bench")
            : Path.of(keep).toAbsolutePath();
    try (EmbeddedPostgres pg = EngineDatabase.startPostgres(dir.resolve("pgdata"))) {
      try (Connection c = pg.getPostgresDatabase().getConnection()) {
        prepare(c, runs, partitioned);
      }
      List<LedgerEntry> ledger = ledger(runs);
      HistoryReader history =
          new HistoryReader(pg.getJdbcUrl("meshhook_checker", "postgres"), null, null);
      RunChecker checker = new RunChecker(SuiteConfig.Allowed.NONE, 10);
      String url = pg.getJdbcUrl("meshhook_checker", "postgres");
      double[] foldRatios = new double[ROUNDS];
      double[] reExecutionRatios = new double[ROUNDS];
      double[] foldFloors = new double[ROUNDS];
      double[] reExecutionFloors = new double[ROUNDS];
      double[][] seconds = new double[3][ROUNDS]; // events query alone, fold, re-execution
      for (int round = 1; round <= ROUNDS; round++) {
        // The denominator is measured in every round, between the checker's passes, so that what
        // others run on the machine weighs on both sides of the ratio alike.
        double query = eventsQueryAlone(url);
        // What no checker can go below: each pass's events statement copied out and thrown away.
        double foldCopy =
            copiedAlone(url, c -> TagScan.eventsQuery(c, TAG + "-", Dialect.REFERENCE));
        double fold = fold(round, history, checker, ledger);
        double reExecutionCopy =
            copiedAlone(url, c -> ReExecutions.eventsQuery(c, TAG + "-", Dialect.REFERENCE));
        double reExecution = reExecution(round, history, runs);
        seconds[0][round - 1] = query;
        seconds[1][round - 1] = fold;
        seconds[2][round - 1] = reExecution;
        foldRatios[round - 1] = fold / query;
        reExecutionRatios[round - 1] = reExecution / query;
        foldFloors[round - 1] = foldCopy / query;
        reExecutionFloors[round - 1] = reExecutionCopy / query;
        System.out.printf(
            Locale.ROOT,
            "round %d: fold %.2f s, re-execution %.2f s, events query alone %.2f s:"
                + " fold %.2f× and re-execution %.2f× the events query;"
                + " their events statements only copied out %.2f s (%.2f×) and %.2f s (%.2f×)%n",
            round,
            fold,
            reExecution,
            query,
            foldRatios[round - 1],
            reExecutionRatios[round - 1],
            foldCopy,
            foldFloors[round - 1],
            reExecutionCopy,
            reExecutionFloors[round - 1]);
      }
      System.out.printf(
          Locale.ROOT,
          "fold %.2f× and re-execution %.2f× the events query (medians of %d rounds: fold %.2f s,"
              + " re-execution %.2f s, events query alone %.2f s)%n",
          median(foldRatios),
          median(reExecutionRatios),
          ROUNDS,
          median(seconds[1]),
          median(seconds[2]),
          median(seconds[0]));
      System.out.printf(
          Locale.ROOT,
          "floors: the database copying out the fold's events statement alone %.2f×, re-execution's"
              + " %.2f× the events query (medians; read and thrown away, nothing judged)%n",
          median(foldFloors),
          median(reExecutionFloors));
      storedRowsAlone(url);
    } finally {
      if (keep.isEmpty()) {
        try (var walk = Files.walk(dir)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** Generates the runs unless the (kept) database already holds exactly this many. */
  private static void prepare(Connection c, int runs, boolean partitioned) throws Exception {
    EngineDatabase.applySchema(c);
    if (partitioned) {
      try (Statement st = c.createStatement()) {
        st.execute("TRUNCATE workflow_runs, workflow_events, engine_run_queue");
        st.execute(EngineDatabase.resource("db/partitioned-events.sql"));
      }
      System.out.println("workflow_events: partitioned by range of ts, primary key (id, ts)");
    }
    long have;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM workflow_runs")) {
      rs.next();
      have = rs.getLong(1);
    }
    if (have == runs) {
      System.out.printf(Locale.ROOT, "reusing %,d generated runs%n", runs);
      return;
    }
    long t0 = System.nanoTime();
    try (Statement st = c.createStatement()) {
      st.execute("TRUNCATE workflow_runs, workflow_events, engine_run_queue");
      // The benchmark's own database and its superuser: foreign-key triggers off (every reference
      // holds by construction) and indexes built once after the load, not row by row.
      st.execute("SET session_replication_role = replica");
      st.execute("DROP INDEX IF EXISTS workflow_events_run_idx, workflow_events_load_id_idx");
    }
    // Run i's id is derived from i, so both inserts compute it instead of joining a table of ids.
    String runId = "md5('" + TAG + "-' || i)::uuid";
    step(
        "runs",
        t0,
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO workflow_runs (id, project_id, workflow_id, status, started_at, finished_at)"
                      + " SELECT "
                      + runId
                      + ", '0a000000-0000-4000-8000-000000000001', '0c000000-0000-4000-8000-000000000002',"
                      + "   'succeeded', now() - interval '50 seconds', now() - interval '49 seconds'"
                      + " FROM generate_series(1, ?) AS i")) {
            ps.setInt(1, runs);
            ps.execute();
          }
        });
    step(
        "events",
        t0,
        () -> {
          // Payloads as the engine writes them, in the order a steady engine writes them: at
          // position j
          // run j is created while runs j - 200, j - 400, ... take their next step, so every page
          // holds
          // every type and about 800 runs are in flight. The lateral VALUES keeps that order
          // without a sort.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO workflow_events (run_id, ts, type, payload)"
                      + " SELECT "
                      + runId
                      + ", now() - interval '50 seconds' + j * interval '10 microseconds', t,"
                      + "   CASE k WHEN 0 THEN jsonb_build_object("
                      + "       'headers', jsonb_build_object('x-meshhook-load-id', '"
                      + TAG
                      + "-b-' || i, 'content-type', 'application/json',"
                      + "         'x-signature', 'sha256=' || md5(i::text) || md5(md5(i::text))),"
                      + "       'body', '{\"event\":\"user.signup\",\"userId\":' || i || '}')"
                      + "     WHEN 2 THEN p || jsonb_build_object('set', jsonb_build_object('welcomeMail', 'queued', 'user', i))"
                      + "     WHEN 4 THEN jsonb_build_object('output', jsonb_build_object('input', jsonb_build_object('event', 'user.signup', 'userId', i),"
                      + "       'welcomeMail', 'queued', 'user', i))"
                      + "     ELSE p END"
                      + " FROM generate_series(1, ? + 800) AS j"
                      + " CROSS JOIN LATERAL (VALUES"
                      + "   (0, j, 'run_created', NULL::jsonb),"
                      + "   (1, j - 200, 'step_started', '{\"step\": 0, \"id\": \"welcome\", \"type\": \"transform\"}'),"
                      + "   (2, j - 400, 'step_succeeded', '{\"step\": 0, \"id\": \"welcome\", \"type\": \"transform\"}'),"
                      + "   (3, j - 600, 'step_started', '{\"step\": 1, \"id\": \"notify\", \"type\": \"transform\"}'),"
                      + "   (4, j - 800, 'run_completed', NULL)) AS s(k, i, t, p)"
                      + " WHERE i BETWEEN 1 AND ?")) {
            ps.setInt(1, runs);
            ps.setInt(2, runs);
            ps.execute();
          }
        });
    step(
        "indexes",
        t0,
        () -> {
          try (Statement st = c.createStatement()) {
            st.execute("SET maintenance_work_mem = '512MB'");
            EngineDatabase.applySchema(c);
          }
        });
    step(
        "vacuum analyze, checkpoint",
        t0,
        () -> {
          try (Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE");
            // written now, not by the background checkpointer during the first timed rounds
            st.execute("CHECKPOINT");
          }
        });
    System.out.printf(
        Locale.ROOT,
        "generated %,d runs with %,d events in %.1f s%n",
        runs,
        runs * 5L,
        (System.nanoTime() - t0) / 1e9);
  }

  private interface Sql {
    void run() throws Exception;
  }

  private static void step(String name, long t0, Sql sql) throws Exception {
    long s = System.nanoTime();
    sql.run();
    System.out.printf(
        Locale.ROOT,
        "  %s: %.1f s (%.1f s so far)%n",
        name,
        (System.nanoTime() - s) / 1e9,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * One round of the check with the fold: {@code HistoryReader.read} (the tag's runs and events,
   * facts and replay) and {@code RunChecker.check} against the ledger. Seconds.
   */
  private static double fold(
      int round, HistoryReader history, RunChecker checker, List<LedgerEntry> ledger)
      throws Exception {
    System.gc();
    resetPeakHeap();
    long cpu = processCpuNanos();
    long a = System.nanoTime();
    TagHistory found = history.read(TAG + "-");
    long r = System.nanoTime();
    Verdict v =
        checker.check(RunChecker.History.of(TAG, ledger, found.runs()).withReplay(found.replay()));
    long e = System.nanoTime();
    cpu = processCpuNanos() - cpu;
    double seconds = (e - a) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "  fold, round %d: %,d runs checked in %.2f s (read with replay %.2f s, judge %.2f s; checker JVM CPU %.2f s): %,.0f runs/s;"
            + " old-generation peak %,d MB, live heap after the check %,d MB; outcome %s, %d replay mismatches%n",
        round,
        found.runs().size(),
        seconds,
        (r - a) / 1e9,
        (e - r) / 1e9,
        cpu / 1e9,
        found.runs().size() / seconds,
        oldPeakMb(),
        liveHeapMb(),
        v.outcome(),
        found.replay().size());
    java.lang.ref.Reference.reachabilityFence(
        found); // held through liveHeapMb(), as a caller holds it
    return seconds;
  }

  /**
   * One round of re-execution (verify.reExecute, on by default), a pass of its own over every
   * payload. Seconds.
   */
  private static double reExecution(int round, HistoryReader history, int runs) throws Exception {
    System.gc();
    long cpu = processCpuNanos();
    long a = System.nanoTime();
    List<Replay.Mismatch> differ = ReExecutions.check(history, TAG + "-");
    double seconds = (System.nanoTime() - a) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "  re-execution, round %d: %,d runs re-executed in %.2f s (checker JVM CPU %.2f s): %,.0f runs/s;"
            + " %d runs differ%n",
        round,
        runs,
        seconds,
        (processCpuNanos() - cpu) / 1e9,
        runs / seconds,
        differ.size());
    return seconds;
  }

  /**
   * The ratios' denominator: the database's own cost of producing the events the checker reads,
   * finding the tag's runs included. The checker's events statement, exactly as it runs it (the
   * prefix inlined) with its settings, run to the end inside PostgreSQL without transfer ({@code
   * EXPLAIN ANALYZE}, without per-node timing). Seconds.
   */
  private static double eventsQueryAlone(String url) throws Exception {
    quiet();
    double ms =
        withCheckerSettings(
            url, c -> explained(c, TagScan.eventsQuery(c, TAG + "-", Dialect.REFERENCE), null));
    System.out.printf(Locale.ROOT, "  events query alone: %.2f s%n", ms / 1e3);
    return ms / 1e3;
  }

  /**
   * The last pass's garbage collected before the database is timed alone: the collector's threads
   * otherwise finish it on the same 2 cores while the statement runs, and the denominator (or the
   * floor) comes out longer than the database alone takes.
   */
  private static void quiet() throws InterruptedException {
    System.gc();
    Thread.sleep(500);
  }

  /** What the bench does on a connection of its own, for {@link #withCheckerSettings}. */
  private interface Work<T> {
    T on(Connection c) throws Exception;
  }

  /**
   * {@code work} on a connection of its own, in one transaction with the checker's settings (from
   * the one place that sets them), so the database alone is timed as the checker's reads run.
   */
  private static <T> T withCheckerSettings(String url, Work<T> work) throws Exception {
    try (Connection c = java.sql.DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      TagScan.planForWholeTag(c);
      T result = work.on(c);
      c.commit();
      return result;
    }
  }

  /**
   * The floor under a checker's pass: its events statement copied out as the checker copies it (a
   * binary copy, the checker's settings) and thrown away as it arrives. Seconds.
   */
  private static double copiedAlone(String url, Work<String> statement) throws Exception {
    quiet();
    return withCheckerSettings(
        url,
        c -> {
          String sql = statement.on(c);
          long a = System.nanoTime();
          c.unwrap(org.postgresql.PGConnection.class)
              .getCopyAPI()
              .copyOut(
                  "COPY (" + sql + ") TO STDOUT (FORMAT binary)", OutputStream.nullOutputStream());
          return (System.nanoTime() - a) / 1e9;
        });
  }

  /**
   * The stored-rows query alone, for the record: the checker runs it on a second connection while
   * the events stream, so it is not on the critical path the ratios measure. Re-execution's two
   * statements likewise: its events with their payloads, and its stored rows beside them.
   */
  private static void storedRowsAlone(String url) throws Exception {
    withCheckerSettings(
        url,
        c -> {
          double rows = explained(c, TagScan.ROWS, TAG + "-");
          double events = explained(c, ReExecutions.events(Dialect.REFERENCE), TAG + "-");
          double reRows = explained(c, ReExecutions.ROWS, TAG + "-");
          System.out.printf(Locale.ROOT, "database alone, stored rows query: %.0f ms%n", rows);
          System.out.printf(
              Locale.ROOT,
              "database alone, re-execution's events query: %.0f ms, its stored rows query:"
                  + " %.0f ms%n",
              events,
              reRows);
          return null;
        });
  }

  /** The execution time {@code EXPLAIN (ANALYZE, TIMING OFF)} reports, in milliseconds. */
  private static double explained(Connection c, String sql, String parameter) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, TIMING OFF) " + sql)) {
      if (parameter != null) {
        ps.setString(1, parameter);
      }
      double ms = Double.NaN;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String line = rs.getString(1).trim();
          if (line.startsWith("Execution Time:")) {
            ms = Double.parseDouble(line.replaceAll("[^0-9.]", ""));
          }
        }
      }
      return ms;
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Every run accepted, sent a minute before the check. */
  private static List<LedgerEntry> ledger(int runs) {
    List<LedgerEntry> ledger = new ArrayList<>(runs);
    long sent = System.currentTimeMillis() - 60_000;
    for (int i = 1; i <= runs; i++) {
      ledger.add(new LedgerEntry(TAG + "-b-" + i, "user-signup", sent, 202, 202, sent + 5, null));
    }
    return ledger;
  }

  private static void resetPeakHeap() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /**
   * The old generation's peak during the round: what outlived the young collections (the young
   * generation's own peak only shows how large the collector let it grow).
   */
  private static long oldPeakMb() {
    return heapPools().stream()
            .filter(p -> p.getName().contains("Old"))
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum()
        >> 20;
  }

  /**
   * Heap in use after a full collection, while the ledger and the round's results are still held.
   */
  private static long liveHeapMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }
}
