package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.Dialect;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.ReExecutions;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.config.SuiteConfig.DialectSetting;
import dev.meshhook.load.harness.EngineUnderTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine writing MeshHook's dialect (node-keyed steps, every attempt, graphs, partitioned
 * events, an empty 202) behind row-level security, as a real MeshHook on Supabase would: the
 * checker judges it without being told, names a blind role instead of calling runs missing, holds a
 * named dialect to its word, catches a run that leaves its graph, and counts a retry as a retry.
 * One engine for all of it: each start costs seconds of the build.
 */
@Tag("side-by-side")
class DialectsIT {
  private static final SuiteConfig.Allowed NONE = SuiteConfig.Allowed.NONE;
  private static final String BYPASS = "meshhook_checker_bypass";

  @TempDir Path folder;

  @Test
  void aMeshHookShapedTargetIsJudgedExactlyAndABlindRoleIsNamed() throws Exception {
    try (EngineUnderTest engine =
        EngineUnderTest.start(Map.of("engine.dialect", "meshhook", "engine.rls", "on"))) {
      engine.send(folder, 40, 5);
      engine.awaitDrainAs(BYPASS, 32, Duration.ofSeconds(60));

      // A role without BYPASSRLS sees no row: unknown, naming the cause and the fix; never missing.
      Verdict blind = verify(engine.checkerHistory(), DialectSetting.AUTO);
      assertThat(blind.outcome()).isEqualTo(Outcome.UNKNOWN);
      assertThat(blind.reason())
          .contains("row-level security is on for projects, workflow_definitions")
          .contains("workflow_runs, workflow_events")
          .contains("role meshhook_checker ")
          .contains("ALTER ROLE meshhook_checker BYPASSRLS");
      assertThat(blind.counts()).as("no count, so no 'missing'").isNull();
      assertThat(blind.findings()).doesNotContainKey(Anomaly.MISSING);

      HistoryReader history = engine.checkerHistory(BYPASS);
      Verdict auto = verify(history, DialectSetting.AUTO);
      assertThat(auto.outcome()).as(auto.reason()).isEqualTo(Outcome.PASS);
      assertThat(auto.counts().accepted()).isEqualTo(32);
      assertThat(auto.counts().completed()).isEqualTo(32);
      assertThat(auto.coverage().choice().dialect()).isEqualTo(Dialect.MESHHOOK);
      assertThat(auto.coverage().judged()).isEqualTo(32);
      assertThat(auto.coverage().httpAttempts()).isPositive();

      // Named wrongly, the dialect cannot read the runs: unknown, with the reason, never a
      // mismatch.
      Verdict named = verify(history, DialectSetting.REFERENCE);
      assertThat(named.outcome()).isEqualTo(Outcome.UNKNOWN);
      assertThat(named.reason())
          .contains("verify.dialect=reference cannot read 32 of 32 runs")
          .contains("no integer 'step'");
      assertThat(named.counts().replay()).isZero();

      // The contract level alone judges no run's replay: a clean contract is not a PASS.
      Verdict contract = verify(history, DialectSetting.CONTRACT);
      assertThat(contract.outcome()).isEqualTo(Outcome.UNKNOWN);
      assertThat(contract.reason()).contains("replay: judged on 0 of 32 runs");
      assertThat(contract.counts().completed()).isEqualTo(32);
      assertThat(contract.coverage().judged()).isZero();
      assertThat(contract.coverage().describe()).startsWith("replay: not judged on this target");

      // A run that leaves its graph: one success edited to choose a node no edge reaches.
      String edited;
      try (Connection owner = DriverManager.getConnection(engine.ownerJdbcUrl());
          Statement st = owner.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "UPDATE workflow_events SET payload = jsonb_set(payload, '{next}', '\"nowhere\"')"
                      + " WHERE id = (SELECT min(id) FROM workflow_events"
                      + "   WHERE type = 'step_succeeded' AND payload -> 'next' <> 'null')"
                      + " RETURNING payload -> 'node' ->> 'id'")) {
        rs.next();
        edited = rs.getString(1);
      }
      Verdict left = verify(history, DialectSetting.AUTO);
      assertThat(left.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(left.counts().replay()).isEqualTo(1);
      assertThat(left.findings().get(Anomaly.REPLAY).examples().get(0))
          .contains("'" + edited + "' chose 'nowhere', but its edges lead to");

      // A retried call is counted as a retry, not a mismatch: flaky-2 answers 503 twice, then 200.
      HttpResponse<String> published =
          engine.publishWorkflow(
              "acme",
              "flaky-order",
              "{\"id\":\"take\",\"type\":\"transform\",\"set\":{\"order\":\"input.orderId\"}},"
                  + "{\"id\":\"call\",\"type\":\"http_call\",\"path\":\"/sink/flaky-2\","
                  + "\"retries\":2,\"backoffMs\":5}");
      assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
      String flaky = engine.loadIdPrefix() + "flaky-";
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> answer =
            engine.webhook("flaky-order", "{\"orderId\": " + i + "}", flaky + i);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).as("MeshHook's 202 names no run").isEmpty();
        assertThat(answer.headers().firstValue("Location")).isEmpty();
      }
      engine.awaitDrainAs(BYPASS, 32 + 5, Duration.ofSeconds(30));
      ReExecutions.Result walked = ReExecutions.check(history, flaky, Dialect.MESHHOOK);
      assertThat(walked.mismatches()).isEmpty();
      assertThat(walked.notJudged().isEmpty()).isTrue();
      assertThat(walked.httpAttempts()).isEqualTo(15);
      assertThat(walked.retries()).isEqualTo(5);
    }
  }

  private Verdict verify(HistoryReader history, DialectSetting dialect) {
    return Verification.run(
            folder,
            history,
            new SuiteConfig.Verify(Duration.ofSeconds(5), 10, NONE, true, dialect),
            new Verification.Profile(
                "DialectsIT", "embedded", new SuiteConfig.Thresholds(5000, 10000, 1, 90), 0.2))
        .verdict();
  }
}
