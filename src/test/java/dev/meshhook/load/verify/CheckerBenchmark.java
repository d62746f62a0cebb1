package dev.meshhook.load.verify;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.target.EngineDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long the checker takes per 1,000 runs: {@code mvn -Pbench-checker -Dbench.runs=100000}.
 * Generates that many finished runs (5 events each, the shape of a smoke run) in a fresh embedded
 * PostgreSQL, then times the read (SQL) and the judging (Java) separately, three times each.
 */
public final class CheckerBenchmark {
  private static final String TAG = "20260101T000000bench";

  private CheckerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
    Path dir = Files.createTempDirectory("checker-bench");
    try (EmbeddedPostgres pg = EngineDatabase.startPostgres(dir.resolve("pgdata"))) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
        EngineDatabase.applySchema(c);
        long t0 = System.nanoTime();
        generate(c, runs);
        st.execute("VACUUM ANALYZE");
        System.out.printf(Locale.ROOT, "generated %,d runs with %,d events in %.1f s%n", runs, runs * 5L, (System.nanoTime() - t0) / 1e9);
      }
      List<LedgerEntry> ledger = new ArrayList<>(runs);
      long sent = System.currentTimeMillis() - 60_000;
      for (int i = 1; i <= runs; i++) {
        ledger.add(new LedgerEntry(TAG + "-b-" + i, "order-created", sent, 202, 202, sent + 5, null));
      }
      HistoryReader history = new HistoryReader(pg.getJdbcUrl("meshhook_checker", "postgres"), null, null);
      RunChecker checker = new RunChecker(new SuiteConfig.Allowed(0, 0, 0, 0, 0, 0, 0, 0), 10);
      for (int round = 1; round <= 3; round++) {
        long a = System.nanoTime();
        List<RunRecord> history1 = history.runs(TAG + "-");
        long b = System.nanoTime();
        List<Replay.Mismatch> replay = Replay.check(history, TAG + "-");
        long r = System.nanoTime();
        Verdict v = checker.check(TAG, ledger, history1, replay);
        long c = System.nanoTime();
        double readMs = (b - a) / 1e6;
        double replayMs = (r - b) / 1e6;
        double judgeMs = (c - r) / 1e6;
        double total = readMs + replayMs + judgeMs;
        System.out.printf(Locale.ROOT,
            "round %d: %,d runs, read %.0f ms + replay %.0f ms + judge %.0f ms = %.0f ms; %.1f ms per 1,000 runs; outcome %s, %d replay mismatches%n",
            round, history1.size(), readMs, replayMs, judgeMs, total, total / (runs / 1000.0), v.outcome(), replay.size());
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One set-based insert per table: runs, then five events each, as the engine would write them. */
  private static void generate(Connection c, int runs) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        """
        CREATE TEMP TABLE bench AS
        SELECT i, gen_random_uuid() AS run_id FROM generate_series(1, ?) AS i;
        """)) {
      ps.setInt(1, runs);
      ps.execute();
    }
    try (Statement st = c.createStatement()) {
      st.execute(
          """
          INSERT INTO workflow_runs (id, project_id, workflow_id, status, started_at, finished_at)
          SELECT run_id, '0a000000-0000-4000-8000-000000000001', '0c000000-0000-4000-8000-000000000002',
                 'succeeded', now() - interval '50 seconds', now() - interval '49 seconds'
          FROM bench
          """);
      st.execute(
          "INSERT INTO workflow_events (run_id, ts, type, payload) SELECT run_id, now() - interval '50 seconds', 'run_created',"
              + " jsonb_build_object('headers', jsonb_build_object('x-meshhook-load-id', '" + TAG + "-b-' || i,"
              + " 'content-type', 'application/json'), 'body', '{\"event\":\"user.signup\"}') FROM bench ORDER BY i");
      st.execute(
          "INSERT INTO workflow_events (run_id, ts, type, payload)"
              + " SELECT run_id, now() - interval '50 seconds' + k * interval '1 millisecond', t, '{}'::jsonb"
              + " FROM bench CROSS JOIN (VALUES (1, 'step_started'), (2, 'step_succeeded'), (3, 'step_started'), (4, 'run_completed')) AS s(k, t)"
              + " ORDER BY i, k");
    }
  }
}
