package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.ProbeFigures;
import dev.meshhook.load.ledger.ProbeClass;
import dev.meshhook.load.ledger.ProbeLedger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe judgement on hand-made probe ledgers: what fails, what is reported, what is not judged.
 */
class ProbeCheckTest {
  private final ProbeCheck check = new ProbeCheck(3);
  private final List<ProbeLedger.Probe> probes = new ArrayList<>();

  private void webhook(ProbeClass c, String id, int status, boolean retryAfter) {
    probes.add(
        new ProbeLedger.Probe(
            c, id, null, 1, status, 2, retryAfter, false, false, null, List.of()));
  }

  private void read(ProbeClass c, String caller, int status, String... runIds) {
    probes.add(
        new ProbeLedger.Probe(
            c,
            "r" + probes.size(),
            caller,
            1,
            status,
            2,
            false,
            false,
            false,
            null,
            List.of(runIds)));
  }

  private ProbeCheck.Result judge(Map<String, Integer> runs, Map<String, String> tenants) {
    return check.check(new ProbeLedger.Contents(probes, Map.of()), runs, tenants, Map.of());
  }

  private static ProbeCheck.Row row(ProbeCheck.Result r, ProbeClass c) {
    return r.rows().stream().filter(x -> x.probeClass() == c).findFirst().orElseThrow();
  }

  @Test
  void aRefusedWebhookThatMadeARunIsCountedAsARunCreatedAndFails() {
    webhook(ProbeClass.NO_SIGNATURE, "t-i-1", 202, false);
    webhook(ProbeClass.NO_SIGNATURE, "t-i-2", 401, false);
    webhook(ProbeClass.NO_SIGNATURE, "t-i-3", 0, false); // no answer: still must make no run
    ProbeCheck.Result r = judge(Map.of("t-i-1", 1, "t-i-3", 2), Map.of());
    ProbeCheck.Row unsigned = row(r, ProbeClass.NO_SIGNATURE);
    assertThat(unsigned.runsCreated()).isEqualTo(3);
    assertThat(unsigned.unexpectedAnswers()).isEqualTo(1); // the 202; no answer is not an answer
    assertThat(unsigned.answers())
        .containsEntry(202, 1L)
        .containsEntry(401, 1L)
        .containsEntry(0, 1L);
    assertThat(unsigned.state()).isEqualTo(ProbeCheck.State.FAIL);
    assertThat(unsigned.examples()).hasSize(2).first().asString().contains("t-i-1");
    assertThat(r.failed()).isTrue();
    assertThat(r.runsCreated()).isEqualTo(3);
  }

  @Test
  void anUnexpectedRefusalIsReportedButFailsNothing() {
    webhook(ProbeClass.INVALID_UTF8, "t-i-1", 500, false);
    webhook(ProbeClass.INVALID_UTF8, "t-i-2", 400, false);
    ProbeCheck.Row utf8 = row(judge(Map.of(), Map.of()), ProbeClass.INVALID_UTF8);
    assertThat(utf8.unexpectedAnswers()).isEqualTo(1);
    assertThat(utf8.state()).isEqualTo(ProbeCheck.State.PASS);
  }

  @Test
  void aPolite429IsARefusalButAClassOnlyEverRateLimitedProbedNothing() {
    webhook(ProbeClass.NOT_JSON, "t-i-1", 429, true);
    webhook(ProbeClass.NOT_JSON, "t-i-2", 400, false);
    webhook(ProbeClass.WRONG_CONTENT_TYPE, "t-i-3", 429, true);
    ProbeCheck.Result r = judge(Map.of(), Map.of());
    assertThat(row(r, ProbeClass.NOT_JSON).unexpectedAnswers()).isZero();
    assertThat(row(r, ProbeClass.NOT_JSON).state()).isEqualTo(ProbeCheck.State.PASS);
    ProbeCheck.Row limited = row(r, ProbeClass.WRONG_CONTENT_TYPE);
    assertThat(limited.state()).isEqualTo(ProbeCheck.State.NOT_PROBED);
    assertThat(limited.notProbed()).contains("rate limit");
  }

  @Test
  void theBurstsAcceptedWebhooksNeedExactlyOneRunAndItsRefusedOnesNone() {
    webhook(ProbeClass.OVER_RATE_LIMIT, "t-i-1", 202, false);
    webhook(ProbeClass.OVER_RATE_LIMIT, "t-i-2", 202, false);
    webhook(ProbeClass.OVER_RATE_LIMIT, "t-i-3", 429, true);
    webhook(ProbeClass.OVER_RATE_LIMIT, "t-i-4", 429, true);
    ProbeCheck.Row burst =
        row(judge(Map.of("t-i-1", 1, "t-i-3", 1), Map.of()), ProbeClass.OVER_RATE_LIMIT);
    assertThat(burst.runsCreated()).isEqualTo(1); // t-i-3, refused, ran anyway
    assertThat(burst.runsLost()).isEqualTo(1); // t-i-2, accepted, never ran
    assertThat(burst.state()).isEqualTo(ProbeCheck.State.FAIL);
  }

  @Test
  void aBurstNeverRefusedIsNotProbedNeverPassed() {
    webhook(ProbeClass.OVER_RATE_LIMIT, "t-i-1", 202, false);
    ProbeCheck.Row burst = row(judge(Map.of("t-i-1", 1), Map.of()), ProbeClass.OVER_RATE_LIMIT);
    assertThat(burst.state()).isEqualTo(ProbeCheck.State.NOT_PROBED);
    assertThat(burst.notProbed()).contains("none of the 1 webhooks of the burst was answered 429");
  }

  @Test
  void aReadAnsweredWithDataIsALeakAndAListLeaksOnlyOtherTenantsRuns() {
    read(ProbeClass.CROSS_TENANT_READ, "acme", 200, "run-b");
    read(ProbeClass.CROSS_TENANT_READ, "acme", 404, "run-b");
    read(ProbeClass.NO_TOKEN, null, 401, "run-b");
    read(ProbeClass.CROSS_TENANT_LIST, "acme", 200, "run-a", "run-b", "run-c");
    read(ProbeClass.CROSS_TENANT_LIST, "acme", 200, "run-a", "run-x");
    ProbeCheck.Result r =
        judge(Map.of(), Map.of("run-a", "acme", "run-b", "globex", "run-c", "globex"));
    assertThat(row(r, ProbeClass.CROSS_TENANT_READ).leaks()).isEqualTo(1);
    assertThat(row(r, ProbeClass.NO_TOKEN).leaks()).isZero();
    ProbeCheck.Row list = row(r, ProbeClass.CROSS_TENANT_LIST);
    assertThat(list.leaks()).as("lists that leaked").isEqualTo(1);
    assertThat(list.leakedRuns()).isEqualTo(2);
    assertThat(list.unverifiable()).as("run-x: not in the database").isEqualTo(1);
    assertThat(list.state()).isEqualTo(ProbeCheck.State.FAIL);
    assertThat(r.leaks()).isEqualTo(2);
  }

  @Test
  void aClassNeverSentIsNotProbedWithTheReasonGivenAndNoClassIsPassedWithoutTheDatabase() {
    webhook(ProbeClass.NO_SIGNATURE, "t-i-1", 401, false);
    ProbeLedger.Contents contents =
        new ProbeLedger.Contents(
            probes, Map.of(ProbeClass.IDEMPOTENCY_KEY_REUSED, "skipped by security.skip"));
    ProbeCheck.Result r = check.check(contents, Map.of(), Map.of(), Map.of());
    assertThat(row(r, ProbeClass.IDEMPOTENCY_KEY_REUSED).notProbed())
        .isEqualTo("skipped by security.skip");
    assertThat(row(r, ProbeClass.MALFORMED_TOKEN).notProbed())
        .isEqualTo("no probe of this class was sent");
    assertThat(r.failed()).isFalse();
    ProbeCheck.Result blind = ProbeCheck.notJudged(contents, "the database was not read");
    assertThat(blind.rows())
        .allSatisfy(x -> assertThat(x.state()).isEqualTo(ProbeCheck.State.NOT_PROBED));
    assertThat(row(blind, ProbeClass.NO_SIGNATURE).sent()).isEqualTo(1);
    assertThat(blind.outcome()).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void noProbeLedgerMeansNoProbeResult() {
    ProbeCheck.Result none = check.check(ProbeLedger.Contents.NONE, Map.of(), Map.of(), Map.of());
    assertThat(none.reported()).isFalse();
    assertThat(ProbeFigures.rows(none, 0.2)).isEmpty();
  }

  // The cases below read their probes back from a probe ledger written as the probes write it.

  @TempDir Path folder;

  private ProbeLedger.Contents written(java.util.function.Consumer<ProbeLedger> lines) {
    try (ProbeLedger ledger = ProbeLedger.create(folder)) {
      lines.accept(ledger);
    }
    return ProbeLedger.read(folder);
  }

  private ProbeCheck.Result judge(
      ProbeLedger.Contents contents, Map<String, Set<String>> runsOfRepeated) {
    return check.check(
        contents, Map.of(), Map.of("run-a", "acme", "run-b", "globex"), runsOfRepeated);
  }

  @Test
  void aReadOrListWithNoAnswerIsNotProbedNeverPassed() {
    ProbeLedger.Contents contents =
        written(
            l -> {
              l.sent(ProbeClass.CROSS_TENANT_READ, "t-i-1", "acme", 1_000);
              l.answered("t-i-1", 0, 1_300, false, false, false, List.of("run-b"));
              l.sent(ProbeClass.CROSS_TENANT_LIST, "t-i-2", "acme", 1_000);
              l.answered("t-i-2", 0, 1_200, false, false, false, List.of());
              // Sent, and no answer line at all: the load ended first.
              l.sent(ProbeClass.NO_TOKEN, "t-i-3", null, 1_000);
            });
    ProbeCheck.Result r = judge(contents, Map.of());
    ProbeCheck.Row read = row(r, ProbeClass.CROSS_TENANT_READ);
    assertThat(read.state()).isEqualTo(ProbeCheck.State.NOT_PROBED);
    assertThat(read.unjudged()).isEqualTo(1);
    assertThat(read.notProbed())
        .isEqualTo(
            "1 of 1 probe(s) told nothing: got no answer (the connection failed or timed out) x1");
    assertThat(row(r, ProbeClass.CROSS_TENANT_LIST).notProbed()).contains("got no answer");
    assertThat(row(r, ProbeClass.NO_TOKEN).notProbed())
        .contains("no answer was recorded (the load ended or the suite stopped before it) x1");
    assertThat(r.failed()).isFalse();
    assertThat(read.describe())
        .startsWith("cross-tenant-read NOT PROBED - 1 sent, answers no answer x1");
  }

  @Test
  void oneUnansweredReadAmongRefusedOnesKeepsTheClassFromPassing() {
    ProbeLedger.Contents contents =
        written(
            l -> {
              l.sent(ProbeClass.CROSS_TENANT_READ, "t-i-1", "acme", 1_000);
              l.answered("t-i-1", 404, 1_010, false, false, false, List.of("run-b"));
              l.sent(ProbeClass.CROSS_TENANT_READ, "t-i-2", "acme", 1_000);
              l.answered("t-i-2", 0, 1_500, false, false, false, List.of("run-b"));
            });
    ProbeCheck.Row read = row(judge(contents, Map.of()), ProbeClass.CROSS_TENANT_READ);
    assertThat(read.state()).isEqualTo(ProbeCheck.State.NOT_PROBED);
    assertThat(read.notProbed())
        .startsWith("1 of 2 probe(s) told nothing: got no answer")
        .endsWith("(the class is not passed on the others)");
  }

  @Test
  void aFollowThatTimedOutIsNotProbedAndSaysSo() {
    long timeout = ProbeClass.FOLLOW_TIMEOUT.toMillis();
    ProbeLedger.Contents contents =
        written(
            l -> {
              l.sent(ProbeClass.CROSS_TENANT_FOLLOW, "t-i-1", "acme", 1_000);
              l.answered("t-i-1", 0, 1_000 + timeout + 3, false, false, false, List.of("run-b"));
            });
    ProbeCheck.Row follow = row(judge(contents, Map.of()), ProbeClass.CROSS_TENANT_FOLLOW);
    assertThat(follow.state()).isEqualTo(ProbeCheck.State.NOT_PROBED);
    assertThat(follow.notProbed())
        .contains("the follow timed out after 10 s with no answer (a live log still open");
  }

  @Test
  void aListWhoseRunsCouldNotBeReadIsNotProbedNotAnEmptyList() {
    ProbeLedger.Contents contents =
        written(
            l -> {
              l.sent(ProbeClass.CROSS_TENANT_LIST, "t-i-1", "acme", 1_000);
              l.answered("t-i-1", 200, 1_010, false, false, true, List.of());
              l.sent(ProbeClass.CROSS_TENANT_LIST, "t-i-2", "acme", 1_000);
              l.answered("t-i-2", 200, 1_010, false, false, false, List.of("run-a"));
            });
    ProbeCheck.Row list = row(judge(contents, Map.of()), ProbeClass.CROSS_TENANT_LIST);
    assertThat(list.state()).isEqualTo(ProbeCheck.State.NOT_PROBED);
    assertThat(list.leaks()).isZero();
    assertThat(list.notProbed())
        .contains("1 of 2 probe(s) told nothing: answered 200 with a body whose runs and their ids")
        .contains("what it listed is not known");
  }

  @Test
  void a401ToTheProbesOwnTokenIsNotProbedButIsTheAnswerWithoutAToken() {
    ProbeLedger.Contents contents =
        written(
            l -> {
              l.sent(ProbeClass.CROSS_TENANT_READ, "t-i-1", "acme", 1_000);
              l.answered("t-i-1", 401, 1_010, false, false, false, List.of("run-b"));
              l.sent(ProbeClass.CROSS_TENANT_FOLLOW, "t-i-2", "acme", 1_000);
              l.answered("t-i-2", 401, 1_010, false, false, false, List.of("run-b"));
              l.sent(ProbeClass.CROSS_TENANT_LIST, "t-i-3", "acme", 1_000);
              l.answered("t-i-3", 401, 1_010, false, false, false, List.of());
              l.sent(ProbeClass.NO_TOKEN, "t-i-4", null, 1_000);
              l.answered("t-i-4", 401, 1_010, false, false, false, List.of("run-b"));
              l.sent(ProbeClass.MALFORMED_TOKEN, "t-i-5", null, 1_000);
              l.answered("t-i-5", 401, 1_010, false, false, false, List.of("run-b"));
            });
    ProbeCheck.Result r = judge(contents, Map.of());
    for (ProbeClass c :
        List.of(
            ProbeClass.CROSS_TENANT_READ,
            ProbeClass.CROSS_TENANT_FOLLOW,
            ProbeClass.CROSS_TENANT_LIST)) {
      assertThat(row(r, c).state()).as(c.flag()).isEqualTo(ProbeCheck.State.NOT_PROBED);
      assertThat(row(r, c).notProbed())
          .as(c.flag())
          .contains("answered 401: the target refused the probe's own token (tenant acme's)");
    }
    assertThat(row(r, ProbeClass.NO_TOKEN).state()).isEqualTo(ProbeCheck.State.PASS);
    assertThat(row(r, ProbeClass.MALFORMED_TOKEN).state()).isEqualTo(ProbeCheck.State.PASS);
  }

  @Test
  void aRepeatedKeysAnswerMustNameTheFirstRun() {
    ProbeLedger.Contents contents =
        written(
            l -> {
              // Named the first webhook's run (as the database holds it): judged, passes.
              l.sent(ProbeClass.IDEMPOTENCY_KEY_REUSED, "t-i-2", null, 1_000, "t-i-1");
              l.answered("t-i-2", 202, 1_010, false, true, false, List.of("RUN-FIRST-1"));
            });
    ProbeCheck.Row good =
        row(
            judge(contents, Map.of("t-i-1", Set.of("run-first-1"))),
            ProbeClass.IDEMPOTENCY_KEY_REUSED);
    assertThat(good.state()).isEqualTo(ProbeCheck.State.PASS);
    assertThat(good.firstRunNamed()).isEqualTo(1);
    assertThat(good.describe()).contains("1 202(s) naming the first run");

    ProbeLedger.Contents wrong =
        written2(
            l -> {
              l.sent(ProbeClass.IDEMPOTENCY_KEY_REUSED, "t-i-4", null, 1_000, "t-i-3");
              l.answered("t-i-4", 202, 1_010, false, true, false, List.of("run-other"));
            });
    ProbeCheck.Row bad =
        row(
            judge(wrong, Map.of("t-i-3", Set.of("run-first-3"))),
            ProbeClass.IDEMPOTENCY_KEY_REUSED);
    assertThat(bad.state()).isEqualTo(ProbeCheck.State.FAIL);
    assertThat(bad.runsCreated()).as("no run was made: only the answer is wrong").isZero();
    assertThat(bad.otherRunNamed()).isEqualTo(1);
    assertThat(bad.examples())
        .containsExactly(
            "t-i-4 (HTTP 202 named run run-other; the first webhook, t-i-3, made run-first-3)");
    assertThat(ProbeFigures.rows(judge(wrong, Map.of("t-i-3", Set.of("run-first-3"))), 0.2))
        .filteredOn(x -> x.figure().startsWith("probe idempotency-key-reused"))
        .singleElement()
        .satisfies(x -> assertThat(x.level()).isEqualTo(Classification.Level.FAIL));
  }

  @Test
  void aRepeatedKeysAnswerThatNamesNoRunOrWhoseFirstRunIsUnknownIsNotProbed() {
    ProbeLedger.Contents contents =
        written(
            l -> {
              l.sent(ProbeClass.IDEMPOTENCY_KEY_REUSED, "t-i-2", null, 1_000, "t-i-1");
              l.answered("t-i-2", 202, 1_010, false, false, false, List.of());
              l.sent(ProbeClass.IDEMPOTENCY_KEY_REUSED, "t-i-4", null, 1_000, "t-i-3");
              l.answered("t-i-4", 202, 1_010, false, true, false, List.of("run-x"));
              // 409 names nothing and needs nothing named: judged by the runs alone.
              l.sent(ProbeClass.IDEMPOTENCY_KEY_REUSED, "t-i-6", null, 1_000, "t-i-5");
              l.answered("t-i-6", 409, 1_010, false, false, false, List.of());
            });
    ProbeCheck.Row row = row(judge(contents, Map.of()), ProbeClass.IDEMPOTENCY_KEY_REUSED);
    assertThat(row.state()).isEqualTo(ProbeCheck.State.NOT_PROBED);
    assertThat(row.unjudged()).isEqualTo(2);
    assertThat(row.notProbed())
        .startsWith("2 of 3 probe(s) told nothing: ")
        .contains("answered 202 naming no run, so whether it is the first run is unknown x1")
        .contains("the database holds no run of the webhook whose key was repeated (t-i-3)");
  }

  @Test
  void aSecurityRunThatProbedNoClassIsUnknownAndFailsItsClassification() {
    ProbeLedger.Contents contents =
        written(
            l -> {
              for (ProbeClass c : ProbeClass.values()) {
                l.notProbed(c, "skipped by security.skip");
              }
            });
    ProbeCheck.Result r = judge(contents, Map.of());
    assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(r.failed()).isFalse();
    assertThat(r.summary())
        .startsWith(
            "probes: UNKNOWN - no class was probed: all 16 classes are not probed, each with its"
                + " reason; 16 classes, 0 run(s) created, 0 leak(s), 16 not probed")
        .contains("no-signature NOT PROBED - 0 sent, answers none (expected 401)")
        .contains("; not probed: skipped by security.skip");
    Classification classification = Classification.of(ProbeFigures.rows(r, 0.2));
    assertThat(classification.level()).isEqualTo(Outcome.UNKNOWN);
    assertThat(classification.failure().orElseThrow())
        .contains("security probes unknown: no class was probed");
  }

  @Test
  void aMissingProbeLedgerIsUnknownNeverAPass() {
    ProbeCheck.Result missing = ProbeCheck.Result.missing("no probe ledger was found");
    assertThat(missing.reported()).isTrue();
    assertThat(missing.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(missing.summary())
        .isEqualTo(
            "probes: UNKNOWN - no probe ledger was found; 0 classes, 0 run(s) created, 0 leak(s),"
                + " 0 not probed");
    assertThat(Classification.of(ProbeFigures.rows(missing, 0.2)).level())
        .isEqualTo(Outcome.UNKNOWN);
  }

  /** A second ledger in another folder of the same test. */
  private ProbeLedger.Contents written2(java.util.function.Consumer<ProbeLedger> lines) {
    Path other = folder.resolve("second");
    try (ProbeLedger ledger = ProbeLedger.create(other)) {
      lines.accept(ledger);
    }
    return ProbeLedger.read(other);
  }
}
