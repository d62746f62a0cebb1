package dev.meshhook.load.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.SuiteConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunCheckerTest {
  private static final UUID TENANT = UUID.randomUUID();
  private static final SuiteConfig.Allowed NONE = new SuiteConfig.Allowed(0, 0, 0, 0, 0, 0, 0, 0);
  private static final long T0 = 1_700_000_000_000L;

  private final List<LedgerEntry> ledger = new ArrayList<>();
  private final List<RunRecord> runs = new ArrayList<>();

  private void request(String id, int status) {
    ledger.add(new LedgerEntry(id, "order-created", T0, 202, status, T0 + 5, null));
  }

  private RunRecord run(String id, String status) {
    boolean terminal = !"running".equals(status);
    return new RunRecord(id, UUID.randomUUID(), status, Instant.ofEpochMilli(T0 + 1),
        terminal ? Instant.ofEpochMilli(T0 + 100) : null, TENANT, TENANT, terminal ? 4 : 2,
        terminal ? 1 : 0, "succeeded".equals(status) ? "run_completed" : terminal ? "run_failed" : null, true, terminal, 0);
  }

  private Verdict check(SuiteConfig.Allowed allowed) {
    return new RunChecker(allowed, 2).check("tag", ledger, runs);
  }

  @Test
  void everyAcceptedRequestWithOneFinishedRunPasses() {
    request("tag-a-1", 202);
    request("tag-a-2", 202);
    request("tag-a-3", 401);
    runs.add(run("tag-a-1", "succeeded"));
    runs.add(run("tag-a-2", "succeeded"));
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
    assertThat(v.counts()).isEqualTo(new Counts(3, 2, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2));
    assertThat(v.endToEnd().p99()).isEqualTo(100);
  }

  @Test
  void classifiesEachAnomalyOncePerRequest() {
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
    request("tag-a-6", 0); // unanswered, and its run exists: not an anomaly
    runs.add(run("tag-a-6", "succeeded"));
    Verdict v = check(NONE);
    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
    Counts c = v.counts();
    assertThat(c.balanced()).isTrue();
    assertThat(new long[] {c.missing(), c.duplicated(), c.stuck(), c.failed(), c.orphan(), c.unexpected(), c.unanswered(), c.completed()})
        .containsExactly(1, 1, 1, 1, 1, 1, 1, 0);
    assertThat(v.findings().get(Anomaly.MISSING).examples()).containsExactly("tag-a-1");
    assertThat(v.findings().get(Anomaly.DUPLICATED).examples()).containsExactly("tag-a-2 (2 runs)");
    assertThat(v.reason()).contains("1 missing (allowed 0)").contains("1 orphan (allowed 0)");
  }

  @Test
  void allowancesArePerClassAndExamplesAreCapped() {
    for (int i = 1; i <= 5; i++) {
      request("tag-a-" + i, 202);
      runs.add(run("tag-a-" + i, "failed"));
    }
    assertThat(check(NONE).outcome()).isEqualTo(Verdict.Outcome.FAIL);
    Verdict tolerant = check(new SuiteConfig.Allowed(5, 0, 0, 0, 0, 0, 0, 0));
    assertThat(tolerant.outcome()).isEqualTo(Verdict.Outcome.PASS);
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
    RunRecord otherTenant = new RunRecord("x", ok.runId(), "succeeded", ok.startedAt(), ok.finishedAt(), TENANT,
        UUID.randomUUID(), 4, 1, "run_completed", true, true, 0);
    assertThat(RunChecker.eventLogProblem(otherTenant)).startsWith("run belongs to tenant");
  }

  @Test
  void countsBalanceOnlyWhenEveryRequestIsInExactlyOneClass() {
    assertThat(new Counts(3, 2, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2).balanced()).isTrue();
    assertThat(new Counts(3, 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 2).balanced()).as("a request in no class").isFalse();
    assertThat(new Counts(2, 2, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 2).balanced()).as("a request in two classes").isFalse();
  }

  @Test
  void anUnknownVerdictPassesNothing() {
    Verdict unknown = Verdict.unknown("tag", "database down");
    for (Anomaly anomaly : Anomaly.values()) {
      assertThat(unknown.ok(anomaly)).isFalse();
    }
  }

  private static RunRecord with(RunRecord r, int terminals, String type, boolean firstCreated, boolean endsTerminal, int outOfOrder) {
    return new RunRecord(r.loadId(), r.runId(), r.status(), r.startedAt(), r.finishedAt(), r.projectId(), r.workflowProjectId(),
        r.events(), terminals, type, firstCreated, endsTerminal, outOfOrder);
  }
}
