package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.Counts;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.RunCheckerTest;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.engine.workflow.EngineDialect;
import dev.meshhook.load.harness.EngineUnderTest;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.testing.JsonRead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault mode, produced by the real engine process on its real database, in the reference and
 * in the MeshHook dialect, and the exact count the checker reports for it, the same in both. 40
 * webhooks, every 5th wrongly signed (32 accepted, 8 rejected), fault on every 4th: 8 anomalies, or
 * 2 orphans (every 4th of 8 rejected).
 */
class CheckerFaultsIT {
  private static final int SENT = 40;
  private static final int BAD_EVERY = 5;
  private static final int FAULT_EVERY = 4;
  private static final SuiteConfig.Allowed NONE = SuiteConfig.Allowed.NONE;

  private static final java.util.Set<FaultMode> REFERENCE_ONLY =
      java.util.EnumSet.of(FaultMode.NO_ANSWER, FaultMode.UNREADABLE_STEP, FaultMode.UNTAGGED_RUN);

  private static final java.util.Set<Anomaly> REQUEST_CLASSES =
      java.util.EnumSet.of(Anomaly.MISSING, Anomaly.DUPLICATED, Anomaly.STUCK, Anomaly.FAILED);

  @TempDir Path folder;

  /**
   * Every fault mode, in each way of writing the contract tables. The clean run in MeshHook's
   * dialect is DialectsIT's, which also counts it exactly: an engine start less in the build. The
   * two faults only the security profile's probes provoke (an unsigned webhook, a cross-tenant
   * read) are SecuritySimulationIT's: this test sends neither.
   */
  static java.util.stream.Stream<Arguments> faultsByDialect() {
    return java.util.Arrays.stream(EngineDialect.values())
        .flatMap(
            d ->
                java.util.Arrays.stream(FaultMode.values())
                    .filter(f -> d == EngineDialect.REFERENCE || f != FaultMode.NONE)
                    .filter(f -> f != FaultMode.ACCEPT_UNSIGNED && f != FaultMode.LEAK_CROSS_TENANT)
                    // Slows intake on purpose, loses nothing: a stress run's bottleneck shows it.
                    .filter(f -> f != FaultMode.HOT_ROW)
                    // Needs workers racing on one queue: ReplicasIT shows it on two replicas.
                    .filter(f -> f != FaultMode.NO_SKIP_LOCKED)
                    // How a run is found, answered or not, tagged or not, readable or not, is the
                    // same in both dialects: shown once, an engine start less each.
                    .filter(f -> d == EngineDialect.REFERENCE || !REFERENCE_ONLY.contains(f))
                    .map(f -> Arguments.of(d, f)));
  }

  /**
   * Two cases at once (the failsafe plugin's configuration sets the parallelism): each has an
   * engine and a database of its own and judges counts, not speed, and an engine's start is mostly
   * waiting, so the pairs share 2 cores without changing a count. 18 cases: 125 s one at a time.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("faultsByDialect")
  @Execution(ExecutionMode.CONCURRENT)
  void theCheckerReportsExactlyWhatTheEngineDid(EngineDialect dialect, FaultMode fault)
      throws Exception {
    Map<Anomaly, Long> expected = new java.util.EnumMap<>(Anomaly.class);
    expected.putAll(
        switch (fault) {
          case NONE -> Map.of();
          case DROP_AFTER_ACK -> Map.of(Anomaly.MISSING, 8L);
          case DUPLICATE -> Map.of(Anomaly.DUPLICATED, 8L);
          case STUCK -> Map.of(Anomaly.STUCK, 8L);
          case FAIL_STEP -> Map.of(Anomaly.FAILED, 8L);
          case ORPHAN -> Map.of(Anomaly.ORPHAN, 2L);
          // The terminal event is lost: the log breaks the contract, and folds to running, not
          // succeeded.
          case BAD_EVENT_LOG -> Map.of(Anomaly.EVENT_LOG, 8L, Anomaly.REPLAY, 8L);
          // 8 requests unanswered, in turn two runs, a run never queued, and one run that
          // finishes: 3 duplicated, 3 stuck, and 2 completed although unanswered.
          case NO_ANSWER -> Map.of(Anomaly.DUPLICATED, 3L, Anomaly.STUCK, 3L);
          // Known once the ledger is written: only runs of three steps or more skip one.
          case SKIP_STEP -> Map.of();
          case UNREADABLE_STEP -> Map.of(Anomaly.UNREADABLE_STEP_EVENT, 8L);
          case UNTAGGED_RUN -> Map.of(Anomaly.UNEXPECTED, 8L);
          case ACCEPT_UNSIGNED, LEAK_CROSS_TENANT ->
              throw new IllegalArgumentException(fault + " is the security probes' to show");
          case HOT_ROW ->
              throw new IllegalArgumentException(fault + " is the bottleneck's to show");
          case NO_SKIP_LOCKED ->
              throw new IllegalArgumentException(fault + " is ReplicasIT's to show");
        });
    ProcessHandle engineProcess;
    ProcessHandle postgres;
    Verdict verdict;
    // Under the stuck fault every run is also slow (4 s before its first step): a wait that gave up
    // after 3 s, as this test's once did, would count the 24 slow ones as stuck too.
    try (EngineUnderTest engine =
        EngineUnderTest.start(
            Map.of(
                "engine.fault",
                fault.flag(),
                "engine.faultEvery",
                FAULT_EVERY,
                "engine.runDelay",
                fault == FaultMode.STUCK ? "4s" : "0ms",
                "engine.dialect",
                dialect.flag()))) {
      engineProcess = engine.engineProcess();
      postgres = engine.postgresProcess();
      assertThat(engineProcess.isAlive() && postgres.isAlive())
          .as("both processes found alive")
          .isTrue();
      engine.send(folder, SENT, BAD_EVERY);
      HistoryReader history = engine.checkerHistory();
      if (fault == FaultMode.SKIP_STEP) {
        expected.put(Anomaly.REPLAY, skippingRuns());
      }
      // The stuck runs never finish; every other run is waited for, however slow.
      engine.awaitOnlyStuckLeft(expected.getOrDefault(Anomaly.STUCK, 0L), Duration.ofSeconds(60));
      // The allowances are the checker's, whatever the dialect: held once, in the reference one.
      if (fault != FaultMode.NONE && dialect == EngineDialect.REFERENCE) {
        // Allowed exactly what the fault made, the run passes; allowed one less of each class, it
        // fails.
        Verdict allowed = verify(history, allowing(expected, 0));
        assertThat(allowed.outcome()).as(allowed.reason()).isEqualTo(Outcome.PASS);
        assertThat(verify(history, allowing(expected, -1)).outcome()).isEqualTo(Outcome.FAIL);
      }
      verdict = verify(history, NONE);
      if (fault == FaultMode.SKIP_STEP && dialect == EngineDialect.REFERENCE) {
        theStepNumbersAloneShowTheSkipWhenNoDefinitionCanBeRead(
            engine, history, expected.get(Anomaly.REPLAY));
      }
    }
    assertThat(engineProcess.isAlive()).as("engine process stopped").isFalse();
    assertThat(postgres.isAlive()).as("engine PostgreSQL stopped").isFalse();

    // auto reads the dialect from the events, and judges every run in it.
    assertThat(verdict.coverage().choice().dialect().flag()).isEqualTo(dialect.flag());
    assertThat(verdict.coverage().choice().named()).isFalse();
    // A run whose step events no dialect reads is a finding of its own, and not judged by replay.
    long unreadable = expected.getOrDefault(Anomaly.UNREADABLE_STEP_EVENT, 0L);
    assertThat(verdict.coverage().notJudgedRuns()).isEqualTo(unreadable);
    assertThat(verdict.coverage().judged())
        .isEqualTo(verdict.coverage().runs() - unreadable)
        .isPositive();
    Counts c = verdict.counts();
    assertThat(c.balanced()).isTrue();
    assertThat(c.sent()).isEqualTo(SENT);
    long unanswered = fault == FaultMode.NO_ANSWER ? 8 : 0;
    assertThat(c.accepted()).isEqualTo(32 - unanswered);
    assertThat(c.unanswered()).isEqualTo(unanswered);
    assertThat(c.unansweredRan()).as("unanswered, and judged by their runs").isEqualTo(unanswered);
    assertThat(c.rejected()).isEqualTo(8);
    for (Anomaly anomaly : Anomaly.values()) {
      long want = expected.getOrDefault(anomaly, 0L);
      assertThat(c.of(anomaly)).as(anomaly.label()).isEqualTo(want);
      List<String> examples = verdict.findings().get(anomaly).examples();
      // Replay examples name the run's load id first, like every other anomaly's.
      assertThat(examples).as(anomaly.label() + " examples").hasSize((int) want);
      // A run no request accounts for has no load id: it is named by its run id.
      examples.forEach(
          e ->
              assertThat(e)
                  .startsWith(anomaly == Anomaly.UNEXPECTED ? "run " : verdict.runTag() + "-it-"));
    }
    assertThat(verdict.outcome()).isEqualTo(fault == FaultMode.NONE ? Outcome.PASS : Outcome.FAIL);
    assertThat(c.completed())
        .isEqualTo(
            32
                - expected.entrySet().stream()
                    // only the classes a request falls in; the others are findings on runs
                    .filter(e -> REQUEST_CLASSES.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum());
    if (fault == FaultMode.NONE) {
      assertThat(verdict.endToEnd().count()).isEqualTo(32);
      assertThat(verdict.endToEnd().p99()).isPositive();
    }
    assertThat(Files.readString(folder.resolve(VerificationReport.JSON)))
        .contains("\"outcome\" : \"" + verdict.outcome().name().toLowerCase() + "\"");
    // verification.json names each finding with its count, and the unanswered that ran.
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(folder.resolve(VerificationReport.JSON).toFile());
    for (com.fasterxml.jackson.databind.JsonNode a : json.path("anomalies")) {
      Anomaly anomaly = Anomaly.valueOf(a.path("name").asText().toUpperCase().replace('-', '_'));
      assertThat(JsonRead.whole(a, "count"))
          .as(anomaly.label())
          .isEqualTo(expected.getOrDefault(anomaly, 0L));
    }
    assertThat(json.path("anomalies")).hasSize(Anomaly.values().length);
    assertThat(JsonRead.whole(json, "counts", "unansweredRan")).isEqualTo(unanswered);
    assertThat(Files.readString(folder.resolve(VerificationReport.HTML)))
        .contains("Verification")
        .contains(verdict.runTag());
  }

  /**
   * The requests the skip-step fault makes skip a step: every 4th accepted one, in the order sent
   * (one after another), whose workflow has three steps or more (all but user-signup's one).
   */
  private long skippingRuns() throws java.io.IOException {
    List<LedgerEntry> accepted =
        LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries().stream()
            .filter(e -> e.status() == 202)
            .toList();
    long skipping = 0;
    for (int i = FAULT_EVERY - 1; i < accepted.size(); i += FAULT_EVERY) {
      skipping += accepted.get(i).slug().equals("user-signup") ? 0 : 1;
    }
    assertThat(skipping).as("runs that skip a step").isPositive();
    return skipping;
  }

  /**
   * Definitions rewritten to a form no re-execution reads, as another engine's would be: the step
   * numbers still show each skip as a gap, and the coverage says the runs were judged that way.
   */
  private void theStepNumbersAloneShowTheSkipWhenNoDefinitionCanBeRead(
      EngineUnderTest engine, HistoryReader history, long skipping) throws Exception {
    try (java.sql.Connection owner = java.sql.DriverManager.getConnection(engine.ownerJdbcUrl());
        java.sql.Statement st = owner.createStatement()) {
      assertThat(
              st.executeUpdate(
                  "UPDATE workflow_definitions SET definition = jsonb_build_object('program',"
                      + " definition)"))
          .isPositive();
    }
    Verdict bySequence = verify(history, NONE);
    assertThat(bySequence.counts().replay()).isEqualTo(skipping);
    assertThat(bySequence.findings().get(Anomaly.REPLAY).examples())
        .allSatisfy(
            e -> assertThat(e).contains("step 2 succeeded right after step 0, skipping step 1"));
    assertThat(bySequence.coverage().sequenceOnly().runs()).isEqualTo(bySequence.coverage().runs());
    assertThat(bySequence.coverage().describe()).contains("by step sequence only");
    assertThat(bySequence.outcome()).isEqualTo(Outcome.FAIL);
  }

  private Verdict verify(HistoryReader history, SuiteConfig.Allowed allowed) {
    return Verification.run(
            folder,
            history,
            new SuiteConfig.Verify(Duration.ofSeconds(3), 10, allowed),
            new Verification.Profile(
                "CheckerFaultsIT", "embedded", new SuiteConfig.Thresholds(2000, 5000, 1, 90), 0.2))
        .verdict();
  }

  /** Each class allowed its expected count plus {@code delta}. */
  private static SuiteConfig.Allowed allowing(Map<Anomaly, Long> expected, int delta) {
    return RunCheckerTest.allowance(
        a -> expected.containsKey(a) ? (int) (expected.get(a) + delta) : 0);
  }
}
