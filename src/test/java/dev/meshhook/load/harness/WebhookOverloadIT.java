package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.engine.store.EngineDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two "not now" answers: 429 when a project's bucket is empty, 503 when the run cannot be
 * recorded.
 */
class WebhookOverloadIT {
  private static final byte[] BODY = "{\"simulateFailure\":false}".getBytes(StandardCharsets.UTF_8);

  private static Map<String, String> signed(EngineUnderTest engine, String loadId) {
    return Map.of(
        WebhookHeaders.LOAD_ID,
        loadId,
        "Content-Type",
        "application/json",
        WebhookHeaders.SIGNATURE,
        engine.signer().sign(BODY));
  }

  @Test
  void aBurstOverTheBucketGets429WithRetryAfterAndNoRuns() throws Exception {
    try (EngineUnderTest engine =
        EngineUnderTest.start(
            Map.of("engine.rateLimit.perSecond", 0.1, "engine.rateLimit.burst", 3))) {
      String prefix = "burst" + System.nanoTime() + "-";
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        answers.add(engine.postBytes("invoice-paid", BODY, signed(engine, prefix + "it-" + i)));
      }
      assertThat(answers.stream().filter(a -> a.statusCode() == 202)).hasSize(3);
      List<HttpResponse<String>> limited =
          answers.stream().filter(a -> a.statusCode() == 429).toList();
      assertThat(limited)
          .hasSize(7)
          .allSatisfy(
              a -> {
                assertThat(a.headers().firstValue("Retry-After").map(Long::parseLong))
                    .hasValueSatisfying(s -> assertThat(s).isBetween(1L, 10L)); // a token per 10 s
                assertThat(a.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
                assertThat(a.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
                assertThat(a.body()).contains("\"error\":\"rate limited\"");
              });
      // Buckets are per project: acme is untouched by globex's burst.
      assertThat(
              engine
                  .postBytes("order-created", BODY, signed(engine, prefix + "it-99"))
                  .statusCode())
          .isEqualTo(202);
      assertThat(engine.checkerHistory().runs(prefix)).hasSize(4);
    }
  }

  @Test
  void aDatabaseThatIsDownGets503NeverA202() throws Exception {
    String prefix = "down" + System.nanoTime() + "-";
    Path dataDir;
    try (EngineUnderTest engine = EngineUnderTest.start(Map.of("engine.intakeTimeout", "500ms"))) {
      dataDir = engine.dataDir();
      assertThat(
              engine.postBytes("order-created", BODY, signed(engine, prefix + "it-0")).statusCode())
          .isEqualTo(202);
      // SIGINT is PostgreSQL's fast shutdown: it drops the engine's connections at once.
      engine.stopPostgresFast();
      assertThat(engine.postgresProcess().isAlive()).isFalse();
      for (int i = 1; i <= 5; i++) {
        HttpResponse<String> answer =
            engine.postBytes("order-created", BODY, signed(engine, prefix + "it-" + i));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.body()).contains("could not be recorded");
      }
      assertThat(engine.get("/health").statusCode()).isEqualTo(503);
    }
    // Back up on the same data directory: only the request answered 202 has a run.
    try (EmbeddedPostgres postgres = EngineDatabase.startPostgres(dataDir)) {
      HistoryReader history =
          new HistoryReader(postgres.getJdbcUrl("meshhook_checker", "postgres"), null, null);
      assertThat(history.runs(prefix)).extracting(r -> r.loadId()).containsExactly(prefix + "it-0");
    }
    assertThat(Files.exists(dataDir.resolve("postmaster.pid"))).isFalse();
  }
}
