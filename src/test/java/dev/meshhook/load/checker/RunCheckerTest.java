package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

public class RunCheckerTest {
  private static final UUID TENANT = UUID.randomUUID();
  private static final SuiteConfig.Allowed NONE = SuiteConfig.Allowed.NONE;
  private static final long T0 = 1_700_000_000_000L;

  private final List<LedgerEntry> ledger = new ArrayList<>();
  private final List<RunRecord> runs = new ArrayList<>();

  private void request(String id, int status) {
    ledger.add(new LedgerEntry(id, "order-created", T0, 202, status, T0 + 5, null));
  }

  private RunRecord run(String id, String status) {
    boolean terminal = !"running".equals(status);
    return new RunRecord(
        id,
        UUID.randomUUID(),
        status,
        Instant.ofEpochMilli(T0 + 1),
        terminal ? Instant.ofEpochMilli(T0 + 100) : null,
        TENANT,
        TENANT,
        terminal ? 4 : 2,
        terminal ? 1 : 0,
        "succeeded".equals(status) ? "run_completed" : terminal ? "run_failed" : null,
        true,
        terminal,
        0);
  }

  /**
   * One request that is missing, duplicated, stuck, failed and orphan each, and one unexpected run.
   */
  private void oneOfEachRequestAnomaly() {
    request("tag-a-1", 202); // missing
    request("tag-a-2", 202); // duplicated
    runs.add(run("tag-a-2", "succeeded"));
    runs.add(run("tag-a-2", "succeeded"));
    request("tag-a-3", 202); // stuck
    runs.add(run("tag-a-3", "running"));
    request("tag-a-4", 202); // failed
    runs.add(run("tag-a-4", "failed"));
    request("tag-a-5", 401); // orphan
    runs.add(run("tag-a-5", "succeeded"));
    runs.add(run("tag-a-9", "succeeded")); // unexpected: not in the ledger
  }

  private Verdict check(SuiteConfig.Allowed allowed) {
    return new RunChecker(allowed, 2).check(RunChecker.History.of("tag", ledger, runs));
  }

  @Test
  void everyAcceptedRequestWithOneFinishedRunPasses() {
    request("tag-a-1", 202);
    request("tag-a-2", 202);
    request("tag-a-3", 401);
    runs.add(run("tag-a-1", "succeeded"));
    runs.add(run("tag-a-2", "succeeded"));
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Outcome.PASS);
    assertThat(v.counts()).isEqualTo(new Counts(3, 2, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0));
    assertThat(v.endToEnd().p99()).isEqualTo(100);
  }

  @Test
  void classifiesEachAnomalyOncePerRequest() {
    oneOfEachRequestAnomaly();
    request("tag-a-6", 0); // unanswered, and its one run finished: judged, and completed
    runs.add(run("tag-a-6", "succeeded"));
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
    Counts c = v.counts();
    assertThat(c.balanced()).isTrue();
    assertThat(
            new long[] {
              c.missing(),
              c.duplicated(),
              c.stuck(),
              c.failed(),
              c.orphan(),
              c.unexpected(),
              c.unanswered(),
              c.completed()
            })
        .containsExactly(1, 1, 1, 1, 1, 1, 1, 1);
    assertThat(c.unansweredRan()).isEqualTo(1);
    assertThat(v.findings().get(Anomaly.MISSING).examples()).containsExactly("tag-a-1");
    assertThat(v.findings().get(Anomaly.DUPLICATED).examples()).containsExactly("tag-a-2 (2 runs)");
    assertThat(v.reason()).contains("1 missing (allowed 0)").contains("1 orphan (allowed 0)");
  }

  @Test
  void anUnansweredRequestIsJudgedByTheRunsItLeftAndStaysUnansweredOnlyWithoutOne() {
    request("tag-a-1", 202);
    runs.add(run("tag-a-1", "succeeded"));
    request("tag-a-2", 0); // two runs, then the engine died before its answer
    runs.add(run("tag-a-2", "succeeded"));
    runs.add(run("tag-a-2", "succeeded"));
    request("tag-a-3", 0); // one run that never finished
    runs.add(run("tag-a-3", "running"));
    request("tag-a-4", 0); // no run: unanswered, and nothing to judge
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(v.findings().get(Anomaly.DUPLICATED).examples())
        .containsExactly("tag-a-2 (no answer, 2 runs)");
    assertThat(v.findings().get(Anomaly.STUCK).examples().get(0))
        .startsWith("tag-a-3 (no answer, run ");
    Counts c = v.counts();
    assertThat(new long[] {c.accepted(), c.unanswered(), c.unansweredRan(), c.completed()})
        .containsExactly(1, 3, 2, 1);
    assertThat(c.missing()).as("an unanswered request without a run is not missing").isZero();
    assertThat(c.balanced()).isTrue();
  }

  @Test
  void runsNoRequestAccountsForAreUnexpectedAndALookNotTakenIsSaidNotJudged() {
    request("tag-a-1", 202);
    runs.add(run("tag-a-1", "succeeded"));
    LedgerReader.Ledger read = new LedgerReader.Ledger("tag", ledger);
    Tally found = new Tally(3, List.of("run r1 of acme/order-created", "run r2"), null);
    Verdict v =
        new RunChecker(NONE, 2).check(RunChecker.History.of(read, runs).withUnaccounted(found));
    assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(v.findings().get(Anomaly.UNEXPECTED).count()).isEqualTo(3);
    assertThat(v.findings().get(Anomaly.UNEXPECTED).examples())
        .containsExactly("run r1 of acme/order-created", "run r2");
    assertThat(v.notJudged()).isEmpty();

    Verdict shared =
        new RunChecker(NONE, 2)
            .check(
                RunChecker.History.of(read, runs)
                    .withUnaccounted(Tally.notLooked("verify.sharedTarget=true")));
    assertThat(shared.outcome()).isEqualTo(Outcome.PASS);
    assertThat(shared.notJudged()).containsExactly("unaccounted runs: verify.sharedTarget=true");
  }

  @Test
  void aStepEventNoDialectReadsIsAFindingWithItsLoadIds() {
    request("tag-a-1", 202);
    runs.add(run("tag-a-1", "succeeded"));
    ReplayCoverage coverage =
        new ReplayCoverage(
            null,
            0,
            NotJudged.NONE,
            false,
            0,
            0,
            new Tally(5, List.of("tag-a-1 (run x): no 'step'"), null),
            NotJudged.NONE);
    Verdict v =
        new RunChecker(NONE, 2)
            .check(RunChecker.History.of("tag", ledger, runs).withCoverage(coverage));
    assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(v.counts().unreadableStepEvent()).isEqualTo(5);
    assertThat(v.findings().get(Anomaly.UNREADABLE_STEP_EVENT).examples())
        .containsExactly("tag-a-1 (run x): no 'step'");
    assertThat(v.reason()).contains("5 unreadable-step-event (allowed 0)");
  }

  @Test
  void allowancesArePerClassAndExamplesAreCapped() {
    for (int i = 1; i <= 5; i++) {
      request("tag-a-" + i, 202);
      runs.add(run("tag-a-" + i, "failed"));
    }
    assertThat(check(NONE).outcome()).isEqualTo(Outcome.FAIL);
    Verdict tolerant = check(new SuiteConfig.Allowed(5, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThat(tolerant.outcome()).isEqualTo(Outcome.PASS);
    assertThat(tolerant.findings().get(Anomaly.FAILED).count()).isEqualTo(5);
    assertThat(tolerant.findings().get(Anomaly.FAILED).examples()).hasSize(2);
  }

  @Test
  void eventLogProblemsAreFoundPerRun() {
    RunRecord ok = run("x", "succeeded");
    assertThat(RunChecker.eventLogProblem(ok)).isNull();
    assertThat(RunChecker.eventLogProblem(with(ok, 0, "run_completed", true, true, 0)))
        .isEqualTo("status succeeded with 0 terminal events (expected exactly one)");
    assertThat(RunChecker.eventLogProblem(with(ok, 2, "run_completed", true, true, 0)))
        .isEqualTo("status succeeded with 2 terminal events (expected exactly one)");
    assertThat(RunChecker.eventLogProblem(with(ok, 1, "run_failed", true, true, 0)))
        .isEqualTo("event log replays to failed but the run is stored as succeeded");
    assertThat(RunChecker.eventLogProblem(with(ok, 1, "run_completed", false, true, 0)))
        .isEqualTo("first event is not run_created");
    assertThat(RunChecker.eventLogProblem(with(ok, 1, "run_completed", true, false, 0)))
        .isEqualTo("events follow the terminal event");
    assertThat(RunChecker.eventLogProblem(with(ok, 1, "run_completed", true, true, 2)))
        .isEqualTo("2 event(s) with a timestamp before the previous one");
    RunRecord otherTenant =
        new RunRecord(
            "x",
            ok.runId(),
            "succeeded",
            ok.startedAt(),
            ok.finishedAt(),
            TENANT,
            UUID.randomUUID(),
            4,
            1,
            "run_completed",
            true,
            true,
            0);
    assertThat(RunChecker.eventLogProblem(otherTenant)).startsWith("run belongs to tenant");
  }

  @Test
  void countsBalanceOnlyWhenEveryRequestIsInExactlyOneClass() {
    assertThat(new Counts(3, 2, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0).balanced()).isTrue();
    assertThat(new Counts(3, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0).balanced())
        .as("a request in no class")
        .isFalse();
    assertThat(new Counts(2, 2, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0).balanced())
        .as("a request in two classes")
        .isFalse();
  }

  @Test
  void anEmptyLedgerIsUnknownNotAPass() {
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(v.reason()).isEqualTo("nothing was sent, so there is nothing to verify");
  }

  @Test
  void nothingAcceptedWhereAcceptanceWasMeantIsUnknown() {
    ledger.add(new LedgerEntry("tag-a-1", "order-created", T0, 202, 503, T0 + 5, null, true));
    ledger.add(new LedgerEntry("tag-a-2", "order-created", T0, 202, 0, 0, null));
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(v.reason())
        .isEqualTo(
            "none of the 2 webhooks sent was accepted (2 meant to be; 1 rejected, 1 unanswered), so no run could be verified");
  }

  @Test
  void aFindingOnWhatThereIsStillFailsWhenNothingWasAccepted() {
    ledger.add(new LedgerEntry("tag-a-1", "order-created", T0, 202, 503, T0 + 5, null, true));
    runs.add(run("tag-a-1", "succeeded")); // a 503 that created a run anyway
    assertThat(check(NONE).outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void onlyRejectionsMeantAsRejectionsAreJudgedForOrphansButNeverPass() {
    ledger.add(new LedgerEntry("tag-a-1", "order-created", T0, 401, 401, T0 + 5, null));
    // No orphan among requests meant to be rejected, but no run was there to judge: not a pass.
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(v.reason())
        .isEqualTo(
            "none of the 1 webhooks sent was accepted (0 meant to be; 1 rejected, 0 unanswered), so no run could be verified");
    runs.add(run("tag-a-1", "succeeded")); // a rejection that ran anyway still fails
    assertThat(check(NONE).outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void aLedgerThatReusedALoadIdOrAnsweredNothingDoesNotBalanceAndIsUnknown(@TempDir Path folder) {
    Path file = folder.resolve(LoadLedger.FILE_NAME);
    try (LoadLedger written = LoadLedger.create(file, "tag")) {
      written.sent("tag-a-1", "order-created", T0, 202);
      written.answered("tag-a-1", 202, T0 + 5, null);
      written.sent(
          "tag-a-1", "order-created", T0 + 1, 202); // a second injector with the same index
      written.answered("tag-a-1", 202, T0 + 6, null);
    }
    runs.add(run("tag-a-1", "succeeded"));
    runs.add(run("tag-a-1", "succeeded"));
    Verdict reused =
        new RunChecker(NONE, 2).check(RunChecker.History.of(LedgerReader.read(file), runs));
    assertThat(reused.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(reused.counts().sent()).isEqualTo(2);
    assertThat(reused.counts().balanced()).isFalse();
    assertThat(reused.reason())
        .startsWith("the ledger does not balance")
        .contains("load id tag-a-1 sent more than once");

    Path stray = folder.resolve("stray");
    try (LoadLedger written = LoadLedger.create(stray, "tag")) {
      written.sent("tag-a-1", "order-created", T0, 202);
      written.answered("tag-a-1", 202, T0 + 5, null);
      written.answered("tag-a-7", 202, T0 + 5, null);
    }
    Verdict answeredNothing =
        new RunChecker(NONE, 2)
            .check(RunChecker.History.of(LedgerReader.read(stray), runs.subList(0, 1)));
    assertThat(answeredNothing.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(answeredNothing.reason())
        .contains("an answer to load id tag-a-7, which was never sent");
  }

  /**
   * One anomaly of each class at once, each class allowed exactly as often as it occurs: every
   * allowance is read for its own class.
   */
  @ParameterizedTest
  @EnumSource(Anomaly.class)
  void everyClassPassesAtItsAllowanceAndFailsOneBelowIt(Anomaly tight) {
    oneOfEachRequestAnomaly();
    request(
        "tag-a-6", 202); // an event log broken twice over: no terminal event, and a replay mismatch
    RunRecord good = run("tag-a-6", "succeeded");
    runs.add(with(good, 0, null, true, true, 0));
    List<Replay.Mismatch> replay =
        List.of(
            new Replay.Mismatch(
                "tag-a-6",
                good.runId().toString(),
                List.of("status stored succeeded, replayed running")));
    // and one run whose step event no dialect reads
    ReplayCoverage unreadable =
        new ReplayCoverage(
            null,
            0,
            NotJudged.NONE,
            false,
            0,
            0,
            new Tally(1, List.of("tag-a-6"), null),
            NotJudged.NONE);
    Map<Anomaly, Integer> one = new EnumMap<>(Anomaly.class);
    for (Anomaly a : Anomaly.values()) {
      one.put(a, 1);
    }
    Verdict allowed =
        new RunChecker(allowance(one::get), 10)
            .check(
                RunChecker.History.of("tag", ledger, runs)
                    .withReplay(replay)
                    .withCoverage(unreadable));
    assertThat(allowed.findings().values())
        .allSatisfy(f -> assertThat(f.count()).as(f.anomaly().label()).isEqualTo(1));
    assertThat(allowed.outcome()).as(allowed.reason()).isEqualTo(Outcome.PASS);

    one.put(tight, 0);
    Verdict failed =
        new RunChecker(allowance(one::get), 10)
            .check(
                RunChecker.History.of("tag", ledger, runs)
                    .withReplay(replay)
                    .withCoverage(unreadable));
    assertThat(failed.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(failed.reason()).isEqualTo("1 " + tight.label() + " (allowed 0)");
    assertThat(Arrays.stream(Anomaly.values()).filter(a -> !failed.ok(a))).containsExactly(tight);
  }

  /**
   * Each class allowed {@code n} of itself, in the order SuiteConfig.Allowed takes them;
   * CheckerFaultsIT uses it too.
   */
  public static SuiteConfig.Allowed allowance(ToIntFunction<Anomaly> n) {
    return new SuiteConfig.Allowed(
        n.applyAsInt(Anomaly.FAILED),
        n.applyAsInt(Anomaly.STUCK),
        n.applyAsInt(Anomaly.MISSING),
        n.applyAsInt(Anomaly.DUPLICATED),
        n.applyAsInt(Anomaly.ORPHAN),
        n.applyAsInt(Anomaly.EVENT_LOG),
        n.applyAsInt(Anomaly.UNEXPECTED),
        n.applyAsInt(Anomaly.REPLAY),
        n.applyAsInt(Anomaly.UNREADABLE_STEP_EVENT));
  }

  /** This run with no tenant: holding its tenant against its workflow's throws. */
  private static RunRecord withoutTenant(RunRecord r) {
    return new RunRecord(
        r.loadId(),
        r.runId(),
        r.status(),
        r.startedAt(),
        r.finishedAt(),
        null,
        r.workflowProjectId(),
        r.events(),
        r.terminalEvents(),
        r.lastTerminalType(),
        r.firstIsRunCreated(),
        r.endsWithTerminal(),
        r.outOfOrder());
  }

  /**
   * The runs as a cursor gives them: read once, and {@code reads} times at most; any further read
   * throws.
   */
  private static List<RunRecord> readable(List<RunRecord> runs, int reads) {
    return new java.util.AbstractList<>() {
      private int read;

      @Override
      public java.util.Iterator<RunRecord> iterator() {
        if (read++ >= reads) {
          throw new IllegalStateException("the runs were read already");
        }
        return runs.iterator();
      }

      @Override
      public RunRecord get(int index) {
        return runs.get(index);
      }

      @Override
      public int size() {
        return runs.size();
      }
    };
  }

  @Test
  void aSubCheckThatBreaksIsUnknownAndTheOthersStillJudge() {
    request("tag-a-1", 202);
    runs.add(run("tag-a-1", "failed")); // a failure, allowed once
    request("tag-a-2", 202);
    runs.add(withoutTenant(run("tag-a-2", "succeeded"))); // the event log check throws on it
    Verdict v =
        new RunChecker(allowance(a -> a == Anomaly.FAILED ? 1 : 0), 2)
            .check(RunChecker.History.of("tag", ledger, runs));
    assertThat(v.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(v.reason())
        .startsWith("event log: the check broke (NullPointerException: ")
        .doesNotContain("requests");
    assertThat(v.findings())
        .as("a class not judged is no zero")
        .doesNotContainKey(Anomaly.EVENT_LOG);
    assertThat(v.findings().get(Anomaly.FAILED).count()).isEqualTo(1);
    assertThat(v.findings().get(Anomaly.FAILED).examples().get(0)).startsWith("tag-a-1 (run ");
    assertThat(v.findings().get(Anomaly.MISSING).count()).isZero();
    assertThat(v.counts().completed()).isEqualTo(1);
    assertThat(v.counts().balanced()).isTrue();
    assertThat(v.endToEnd().count()).isEqualTo(2);
  }

  @Test
  void aLostWebhookFailsEvenWhenAnotherSubCheckBroke() {
    request("tag-a-1", 202); // lost: no run
    request("tag-a-2", 202);
    runs.add(withoutTenant(run("tag-a-2", "succeeded")));
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(v.reason())
        .startsWith("1 missing (allowed 0); event log: the check broke (NullPointerException: ");
    assertThat(v.findings().get(Anomaly.MISSING).examples()).containsExactly("tag-a-1");
    assertThat(v.ok(Anomaly.EVENT_LOG)).isFalse();
    assertThat(v.ok(Anomaly.STUCK)).isTrue();
  }

  @Test
  void runsReadableOnceLeaveTheRequestsJudgedAndTheLaterLooksUnknown() {
    request("tag-a-1", 202);
    runs.add(run("tag-a-1", "succeeded"));
    Verdict v =
        new RunChecker(NONE, 2).check(RunChecker.History.of("tag", ledger, readable(runs, 1)));
    assertThat(v.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(v.reason())
        .isEqualTo(
            "unexpected runs: the check broke (IllegalStateException: the runs were read already);"
                + " event log: the check broke (IllegalStateException: the runs were read already)");
    assertThat(v.counts().completed()).isEqualTo(1);
    assertThat(v.findings().keySet())
        .containsExactly(
            Anomaly.MISSING,
            Anomaly.DUPLICATED,
            Anomaly.STUCK,
            Anomaly.FAILED,
            Anomaly.ORPHAN,
            Anomaly.REPLAY,
            Anomaly.UNREADABLE_STEP_EVENT);
  }

  @Test
  void requestsThatCannotBeJudgedAreNotBlamedOnTheLedgerAndAReplayMismatchStillFails() {
    request("tag-a-1", 202);
    runs.add(run("tag-a-1", "succeeded"));
    List<Replay.Mismatch> replay =
        List.of(
            new Replay.Mismatch(
                "tag-a-1",
                runs.get(0).runId().toString(),
                List.of("status stored succeeded, replayed running")));
    Verdict v =
        new RunChecker(NONE, 2)
            .check(RunChecker.History.of("tag", ledger, readable(runs, 0)).withReplay(replay));
    assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(v.reason())
        .isEqualTo(
            "1 replay (allowed 0); requests: the check broke (IllegalStateException: the runs were"
                + " read already); unexpected runs: not judged, as requests broke; event log: the"
                + " check broke (IllegalStateException: the runs were read already)")
        .doesNotContain("balance");
    assertThat(v.findings().keySet())
        .containsExactly(Anomaly.REPLAY, Anomaly.UNREADABLE_STEP_EVENT);
    assertThat(v.counts().accepted()).as("not counted, not zero accepted").isZero();

    Verdict clean =
        new RunChecker(NONE, 2).check(RunChecker.History.of("tag", ledger, readable(runs, 0)));
    assertThat(clean.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(clean.reason())
        .startsWith("requests: the check broke")
        .endsWith("; nothing to judge: not judged, as requests broke")
        .doesNotContain("balance");
  }

  @Test
  void anUnknownVerdictPassesNothing() {
    Verdict unknown = Verdict.unknown("tag", "database down");
    for (Anomaly anomaly : Anomaly.values()) {
      assertThat(unknown.ok(anomaly)).isFalse();
    }
  }

  private static RunRecord with(
      RunRecord r,
      int terminals,
      String type,
      boolean firstCreated,
      boolean endsTerminal,
      int outOfOrder) {
    return new RunRecord(
        r.loadId(),
        r.runId(),
        r.status(),
        r.startedAt(),
        r.finishedAt(),
        r.projectId(),
        r.workflowProjectId(),
        r.events(),
        terminals,
        type,
        firstCreated,
        endsTerminal,
        outOfOrder);
  }
}
