package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.harness.EngineUnderTest;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.testing.Pgbouncer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The checker through Debian's PgBouncer in transaction pooling mode, in front of the engine's
 * PostgreSQL, gives exactly the verdict, counts and findings of a direct connection: check after
 * check on one reader, and four checks at once, whose client connections outnumber the pool's
 * server connections. 40 webhooks, every 5th wrongly signed (32 accepted, 8 rejected); with the
 * duplicate fault on every 4th, 8 duplicated.
 */
@Tag("side-by-side")
class PoolerIT {
  private static final int SENT = 40;
  private static final int BAD_EVERY = 5;
  private static final int FAULT_EVERY = 4;
  private static final int AT_ONCE = 4;
  private static final SuiteConfig.Allowed NONE = SuiteConfig.Allowed.NONE;

  @TempDir Path folder;

  @ParameterizedTest
  @EnumSource(
      value = FaultMode.class,
      names = {"NONE", "DUPLICATE"})
  void theCheckerGivesTheSameVerdictThroughPgbouncerInTransactionMode(FaultMode fault)
      throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("pgbouncer.skip"), "pgbouncer.skip=true");
    try (EngineUnderTest engine = EngineUnderTest.start(fault, FAULT_EVERY)) {
      engine.send(folder, SENT, BAD_EVERY);
      engine.awaitOnlyStuckLeft(0, Duration.ofSeconds(60));
      Verdict direct = verify(folder, engine.checkerHistory());
      assertThat(direct.counts().sent()).isEqualTo(SENT);
      assertThat(direct.counts().accepted()).isEqualTo(32);
      assertThat(direct.counts().rejected()).isEqualTo(8);
      assertThat(direct.counts().completed()).isEqualTo(fault == FaultMode.NONE ? 32 : 24);
      assertThat(direct.counts().of(Anomaly.DUPLICATED)).isEqualTo(fault == FaultMode.NONE ? 0 : 8);
      for (Anomaly other : Anomaly.values()) {
        if (other != Anomaly.DUPLICATED) {
          assertThat(direct.counts().of(other)).as(other.label()).isZero();
        }
      }
      assertThat(direct.outcome()).isEqualTo(fault == FaultMode.NONE ? Outcome.PASS : Outcome.FAIL);

      List<ProcessHandle> poolerProcesses;
      try (Pgbouncer pooler =
          Pgbouncer.start(port(engine.ownerJdbcUrl()), folder.resolve("pgbouncer"))) {
        poolerProcesses = pooler.processes();
        assertThat(poolerProcesses).as("pgbouncer and its shell").hasSize(2);
        HistoryReader pooled = new HistoryReader(pooler.jdbcUrl("meshhook_checker"), null, null);
        // One reader, check after check: the second meets the server connections, and whatever
        // the first left on them, again.
        String printed = printedBy(() -> assertSame(direct, verify(folder, pooled)));
        assertThat(printed)
            .as("the checker says it sees a pooler")
            .containsOnlyOnce("checker: a connection pooler or proxy sits between")
            .contains("prepareThreshold=0");
        assertSame(direct, verify(folder, pooled));
        // Checks at once, each in a folder of its own with the same ledger: their client
        // connections (two each) outnumber the server connections, which they share.
        ExecutorService checks = Executors.newFixedThreadPool(AT_ONCE);
        try {
          List<Future<Verdict>> verdicts = new ArrayList<>();
          for (int i = 0; i < AT_ONCE; i++) {
            Path own = Files.createDirectories(folder.resolve("check-" + i));
            Files.copy(folder.resolve(LoadLedger.FILE_NAME), own.resolve(LoadLedger.FILE_NAME));
            verdicts.add(checks.submit(() -> verify(own, pooled)));
          }
          for (Future<Verdict> verdict : verdicts) {
            assertSame(direct, verdict.get());
          }
        } finally {
          checks.shutdownNow();
        }

        String log = pooler.log();
        long logins = count(log, "login attempt: db=postgres user=meshhook_checker");
        long servers = count(log, "new connection to server");
        System.out.printf(
            "pgbouncer: %d client connections of the checker, %d server connections%n",
            logins, servers);
        assertThat(servers)
            .as("server connections opened\n" + log)
            .isBetween(1L, (long) Pgbouncer.POOL_SIZE);
        assertThat(logins).as("the checker's client connections").isGreaterThan(2L * AT_ONCE);
        assertTransactionPooling(pooler, engine.ownerJdbcUrl());
      }
      assertThat(poolerProcesses).as("pgbouncer stopped").noneMatch(ProcessHandle::isAlive);
    }
  }

  /**
   * Twice as many clients as the pool has server connections, all connected at once, each having
   * run a statement: in transaction mode they ran on no more backends than the pool holds (in
   * session mode each would hold one of its own), so the checks above really shared them.
   */
  private static void assertTransactionPooling(Pgbouncer pooler, String ownerJdbcUrl)
      throws Exception {
    List<Connection> clients = new ArrayList<>();
    try {
      Set<Integer> backends = new HashSet<>();
      for (int i = 0; i < 2 * Pgbouncer.POOL_SIZE; i++) {
        Connection c = DriverManager.getConnection(pooler.jdbcUrl("meshhook_checker"));
        clients.add(c);
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          backends.add(rs.getInt(1));
        }
      }
      assertThat(backends).hasSizeBetween(1, Pgbouncer.POOL_SIZE);
      try (Connection owner = DriverManager.getConnection(ownerJdbcUrl);
          Statement st = owner.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM pg_stat_activity WHERE usename = 'meshhook_checker'")) {
        rs.next();
        assertThat(rs.getLong(1))
            .as("the checker role's backends while %d clients are connected", clients.size())
            .isBetween(1L, (long) Pgbouncer.POOL_SIZE);
      }
    } finally {
      for (Connection c : clients) {
        c.close();
      }
    }
  }

  private static void assertSame(Verdict direct, Verdict through) {
    assertThat(through.outcome()).as(through.reason()).isEqualTo(direct.outcome());
    assertThat(through.reason()).isEqualTo(direct.reason());
    assertThat(through.counts()).isEqualTo(direct.counts());
    assertThat(through.findings()).isEqualTo(direct.findings());
    assertThat(through.endToEnd()).isEqualTo(direct.endToEnd());
  }

  private static Verdict verify(Path folder, HistoryReader history) {
    return Verification.run(
            folder,
            history,
            new SuiteConfig.Verify(Duration.ofSeconds(3), 10, NONE),
            new Verification.Profile(
                "PoolerIT", "embedded", new SuiteConfig.Thresholds(2000, 5000, 1, 90), 0.2))
        .verdict();
  }

  /** What {@code action} prints, printed as well. */
  private static String printedBy(Runnable action) {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                original.write(b);
                copy.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
              }
            },
            true,
            StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return copy.toString(StandardCharsets.UTF_8);
  }

  private static long count(String text, String line) {
    return text.lines().filter(l -> l.contains(line)).count();
  }

  private static int port(String jdbcUrl) {
    return URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
  }
}
