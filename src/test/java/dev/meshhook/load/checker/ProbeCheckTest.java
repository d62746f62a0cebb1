package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.ledger.ProbeClass;
import dev.meshhook.load.ledger.ProbeLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The probe judgement on hand-made probe ledgers: what fails, what is reported, what is not judged.
 */
class ProbeCheckTest {
  private final ProbeCheck check = new ProbeCheck(3);
  private final List<ProbeLedger.Probe> probes = new ArrayList<>();

  private void webhook(ProbeClass c, String id, int status, boolean retryAfter) {
    probes.add(new ProbeLedger.Probe(c, id, null, 1, status, 2, retryAfter, false, List.of()));
  }

  private void read(ProbeClass c, String caller, int status, String... runIds) {
    probes.add(
        new ProbeLedger.Probe(
            c, "r" + probes.size(), caller, 1, status, 2, false, false, List.of(runIds)));
  }

  private ProbeCheck.Result judge(Map<String, Integer> runs, Map<String, String> tenants) {
    return check.check(new ProbeLedger.Contents(probes, Map.of()), runs, tenants);
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
    ProbeCheck.Result r = check.check(contents, Map.of(), Map.of());
    assertThat(row(r, ProbeClass.IDEMPOTENCY_KEY_REUSED).notProbed())
        .isEqualTo("skipped by security.skip");
    assertThat(row(r, ProbeClass.MALFORMED_TOKEN).notProbed())
        .isEqualTo("no probe of this class was sent");
    assertThat(r.failed()).isFalse();
    ProbeCheck.Result blind = ProbeCheck.notJudged(contents, "the database was not read");
    assertThat(blind.rows())
        .allSatisfy(x -> assertThat(x.state()).isEqualTo(ProbeCheck.State.NOT_PROBED));
    assertThat(row(blind, ProbeClass.NO_SIGNATURE).sent()).isEqualTo(1);
  }

  @Test
  void noProbeLedgerMeansNoProbeResult() {
    assertThat(check.check(ProbeLedger.Contents.NONE, Map.of(), Map.of()).probed()).isFalse();
  }
}
