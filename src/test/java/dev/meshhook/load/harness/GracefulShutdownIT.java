package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.engine.store.EngineDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping the engine while webhooks are in flight: every webhook answered 202 has its run, and
 * nothing that was not answered 202 does.
 */
class GracefulShutdownIT {
  @Test
  void aStopMidLoadKeepsEvery202AndRecordsNoRunFor503() throws Exception {
    byte[] body = "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8);
    String prefix = "stop" + System.nanoTime() + "-";
    Path dataDir;
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Set<String> refused = ConcurrentHashMap.newKeySet();
    Set<String> unanswered = ConcurrentHashMap.newKeySet();
    Set<String> refusedWhileStopping = ConcurrentHashMap.newKeySet();
    // Four senders can outrun the default bucket (100/s, burst 200) on a quick machine, and a 429
    // is not what this test is about: the bucket is made too large to empty.
    EngineUnderTest engine =
        EngineUnderTest.start(
            Map.of("engine.rateLimit.perSecond", 100_000, "engine.rateLimit.burst", 100_000));
    try {
      dataDir = engine.dataDir();
      String signature = engine.signer().sign(body);
      // Four senders, 5 ms apart each, for 3 s; the stop comes after 1 s.
      List<CompletableFuture<Void>> senders = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        int sender = s;
        senders.add(
            CompletableFuture.runAsync(
                () -> {
                  long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                  for (int i = 1; System.nanoTime() < end; i++) {
                    String id = prefix + "s" + sender + "-" + i;
                    try {
                      HttpResponse<String> answer =
                          engine
                              .http()
                              .send(
                                  HttpRequest.newBuilder(
                                          URI.create(engine.baseUrl() + "/api/hooks/user-signup"))
                                      .timeout(java.time.Duration.ofSeconds(10))
                                      .header("Content-Type", "application/json")
                                      .header(WebhookHeaders.LOAD_ID, id)
                                      .header(WebhookHeaders.SIGNATURE, signature)
                                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString());
                      (answer.statusCode() == 202 ? accepted : refused).add(id);
                      if (answer.statusCode() != 202) {
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                        if (answer.body().contains("the engine is shutting down")) {
                          refusedWhileStopping.add(id);
                        }
                      }
                    } catch (java.io.IOException e) {
                      unanswered.add(id); // refused or cut: no answer, no promise either way
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    }
                  }
                }));
      }
      Thread.sleep(1_000);
      engine.close(); // SIGTERM: stop taking webhooks, drain, stop
      CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      engine.close();
    }
    System.out.printf(
        "graceful stop: %d accepted, %d answered 503 (%d 'shutting down'), %d unanswered%n",
        accepted.size(), refused.size(), refusedWhileStopping.size(), unanswered.size());
    assertThat(accepted).isNotEmpty();
    // The engine refuses with 503 for half a second before its port closes: the stop really met
    // load.
    assertThat(refused).as("webhooks answered 503 while the engine stopped").isNotEmpty();
    // ...and among them, the stop's own refusal, not only the intake's when the database pool
    // closes.
    assertThat(refusedWhileStopping).as("503 'the engine is shutting down'").isNotEmpty();
    try (EmbeddedPostgres postgres = EngineDatabase.startPostgres(dataDir)) {
      HistoryReader history =
          new HistoryReader(postgres.getJdbcUrl("meshhook_checker", "postgres"), null, null);
      Map<String, Long> runsPerId = new java.util.HashMap<>();
      history.runs(prefix).forEach(r -> runsPerId.merge(r.loadId(), 1L, Long::sum));
      for (String id : accepted) {
        assertThat(runsPerId.get(id)).as("runs of accepted " + id).isEqualTo(1L);
      }
      for (String id : refused) {
        assertThat(runsPerId).as("a 503 created no run").doesNotContainKey(id);
      }
    }
  }
}
