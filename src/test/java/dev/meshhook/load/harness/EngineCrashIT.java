package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Counts;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.verification.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the engine in the middle of a load, a restart on the same database, and the checker's
 * word that every accepted run still finished exactly once. The kill is timed to land while an
 * {@code http_call} step is in flight (a sink that answers after 4 s), so the test shows that a
 * step cut short by the crash is started again, visibly, and succeeds once.
 */
class EngineCrashIT {
  @TempDir Path folder;

  @Test
  void everyAcceptedRunFinishesOnceAfterAKillAndARestart() throws Exception {
    List<ProcessHandle> processes = new ArrayList<>();
    Verdict verdict;
    long duplicateSuccesses;
    long restartedSteps;
    List<String> inFlightEvents;
    // Short leases, so runs claimed by the killed process are taken over within seconds.
    String inFlightRun;
    try (EngineUnderTest engine =
        EngineUnderTest.start(Map.of("engine.leaseDuration", "2s", "engine.workers", 4))) {
      processes.add(engine.engineProcess());
      processes.add(engine.postgresProcess());
      assertThat(
              engine
                  .publishWorkflow(
                      "acme",
                      SLOW,
                      "{\"id\":\"call\",\"type\":\"http_call\",\"path\":\"/sink/slow-4000\",\"timeoutMs\":8000,\"retries\":0}")
                  .statusCode())
          .isEqualTo(201);
      ExecutorService sender = Executors.newSingleThreadExecutor();
      try {
        // 1,000 webhooks, 10 ms apart (over 10 s): the kill lands early, the restart (a few s) well
        // before the end.
        Future<?> load =
            sender.submit(
                () -> {
                  engine.send(folder, 1000, 0, 10);
                  return null;
                });
        awaitLedgerLines(folder.resolve(LoadLedger.FILE_NAME), 200);
        // Outside the ledger's tag, so the checker's verdict is about the load alone.
        String body = engine.webhook(SLOW, "{}", "midstep" + System.nanoTime() + "-it-1").body();
        inFlightRun = body.replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1");
        awaitEvents(engine, inFlightRun, "step_started", 1);
        engine.crashAndRestart(500);
        processes.add(engine.engineProcess());
        processes.add(engine.postgresProcess());
        load.get(2, TimeUnit.MINUTES);
      } finally {
        sender.shutdownNow();
      }
      long accepted =
          LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries().stream()
              .filter(e -> e.accepted())
              .count();
      engine.awaitDrain(accepted, Duration.ofSeconds(60));
      // Lease (2 s) taken over, the call made again (4 s), the run finished.
      awaitEvents(engine, inFlightRun, "run_completed", 1);
      // The test itself shares the target: its in-flight webhook is a run on the load's project,
      // in the load window, outside the tag, so the look for runs no request accounts for (tested
      // in CheckerFaultsIT with UNTAGGED_RUN) is off here, as a user on a shared target turns it.
      SuiteConfig.Verify options =
          new SuiteConfig.Verify(
              Duration.ofSeconds(60),
              10,
              SuiteConfig.Allowed.NONE,
              true,
              SuiteConfig.DialectSetting.AUTO,
              true);
      verdict =
          Verification.run(
                  folder,
                  engine.checkerHistory(),
                  options,
                  new Verification.Profile(
                      "EngineCrashIT",
                      engine.baseUrl(),
                      new SuiteConfig.Thresholds(2000, 5000, 1, 90),
                      0.2))
              .verdict();
      try (Connection c = engine.checkerHistory().connect();
          Statement st = c.createStatement()) {
        duplicateSuccesses =
            count(
                st,
                "SELECT count(*) FROM (SELECT run_id, payload->>'step' FROM workflow_events"
                    + " WHERE type = 'step_succeeded' GROUP BY 1, 2 HAVING count(*) > 1) d");
        restartedSteps =
            count(
                st,
                "SELECT count(*) FROM workflow_events WHERE type = 'step_started' AND payload ? 'restarted'");
        inFlightEvents = types(st, inFlightRun);
      }
    }
    assertThat(processes)
        .hasSize(4)
        .allSatisfy(p -> assertThat(p.isAlive()).as("process " + p.pid() + " stopped").isFalse());
    Counts c = verdict.counts();
    System.out.printf(
        "crash: %d sent, %d accepted, %d unanswered while down, %d restarted steps%n",
        c.sent(), c.accepted(), c.unanswered(), restartedSteps);
    assertThat(c.accepted())
        .isGreaterThan(300); // enough load around the crash; exactly-once is the point
    assertThat(c.missing()).isZero();
    assertThat(c.duplicated()).isZero();
    assertThat(c.stuck()).isZero();
    assertThat(c.failed()).isZero();
    assertThat(c.eventLog()).isZero();
    // A webhook whose 202 the kill cut off after its commit has a run too: judged, and finished.
    assertThat(c.completed()).isEqualTo(c.accepted() + c.unansweredRan());
    assertThat(duplicateSuccesses).as("steps that succeeded twice").isZero();
    // The kill struck a step in flight: it was started again, visibly, and succeeded once.
    assertThat(restartedSteps).as("steps restarted after the kill").isPositive();
    assertThat(inFlightEvents)
        .as("the run whose http_call the kill cut short")
        .containsExactly(
            "run_created",
            "step_started",
            "step_started (restarted)",
            "step_succeeded",
            "run_completed");
    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
  }

  private static final String SLOW = "crash-mid-call";

  private static List<String> types(Statement st, String runId) throws Exception {
    List<String> types = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT type || CASE WHEN payload ? 'restarted' THEN ' (restarted)' ELSE '' END"
                + " FROM workflow_events WHERE run_id = '"
                + java.util.UUID.fromString(runId)
                + "' ORDER BY id")) {
      while (rs.next()) {
        types.add(rs.getString(1));
      }
    }
    return types;
  }

  /** Waits (30 s at most) until the run has {@code n} events of {@code type}. */
  private static void awaitEvents(EngineUnderTest engine, String runId, String type, int n)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Connection c = engine.checkerHistory().connect();
          Statement st = c.createStatement()) {
        if (types(st, runId).stream().filter(t -> t.startsWith(type)).count() >= n) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " got no " + type + " within 30 s");
  }

  private static long count(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void awaitLedgerLines(Path ledger, int lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(ledger) && Files.readAllLines(ledger).size() > lines) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the load did not get going");
  }
}
