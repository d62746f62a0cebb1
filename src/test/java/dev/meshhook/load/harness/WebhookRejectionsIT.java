package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.testing.SharedEngine;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every rejection class of the webhook contract on the real engine: the status, the JSON error, the
 * rate-limit headers, and, checked in the database through the checker's read-only role, that the
 * rejected request created no run.
 */
@Tag("side-by-side")
class WebhookRejectionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong SEQ = new AtomicLong();
  @RegisterExtension static final SharedEngine ENGINE = new SharedEngine(Map.of());

  private static EngineUnderTest engine() {
    return ENGINE.get();
  }

  /** A load id of its own per request, so its runs (if any) can be counted alone. */
  private static String loadId() {
    return "rej" + System.nanoTime() + "-it-" + SEQ.incrementAndGet();
  }

  private static Map<String, String> signed(byte[] body, String loadId, String contentType) {
    Map<String, String> h = new HashMap<>();
    h.put(WebhookHeaders.LOAD_ID, loadId);
    h.put("Content-Type", contentType);
    h.put(WebhookHeaders.SIGNATURE, engine().signer().sign(body));
    return h;
  }

  private static void rejectedWithoutARun(
      HttpResponse<String> answer, String loadId, int status, String detail) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(answer.body());
    assertThat(error.path("error").asText()).isNotBlank();
    assertThat(error.path("detail").asText()).contains(detail);
    assertThat(runsOf(loadId)).as("runs created by a rejected request").isZero();
  }

  private static long runsOf(String loadId) throws Exception {
    return engine().checkerHistory().runs(loadId).size();
  }

  private static void hasRateLimitHeaders(HttpResponse<String> answer) {
    assertThat(answer.headers().firstValue("X-RateLimit-Limit")).hasValue("200");
    assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).isPresent();
    assertThat(answer.headers().firstValue("X-RateLimit-Reset")).isPresent();
  }

  @Test
  void aSignedJsonWebhookIsAcceptedUnderEitherSignatureHeader() throws Exception {
    byte[] body = "{\"simulateFailure\":false}".getBytes(StandardCharsets.UTF_8);
    String id = loadId();
    HttpResponse<String> answer =
        engine().postBytes("order-created", body, signed(body, id, "application/json"));
    assertThat(answer.statusCode()).isEqualTo(202);
    hasRateLimitHeaders(answer);
    String runId = JSON.readTree(answer.body()).path("runId").asText();
    assertThat(answer.headers().firstValue("Location")).hasValue("/api/runs/" + runId);
    assertThat(runsOf(id)).isEqualTo(1);

    String hub = loadId();
    Map<String, String> headers = signed(body, hub, "application/json; charset=utf-8");
    headers.put(WebhookHeaders.HUB_SIGNATURE, headers.remove(WebhookHeaders.SIGNATURE));
    assertThat(engine().postBytes("order-created", body, headers).statusCode()).isEqualTo(202);
    assertThat(runsOf(hub)).isEqualTo(1);
  }

  @Test
  void missingOrWrongSignatureIs401() throws Exception {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    String id = loadId();
    Map<String, String> headers = signed(body, id, "application/json");
    headers.remove(WebhookHeaders.SIGNATURE);
    HttpResponse<String> missing = engine().postBytes("order-created", body, headers);
    rejectedWithoutARun(missing, id, 401, "missing X-Signature");
    hasRateLimitHeaders(missing);

    String wrong = loadId();
    Map<String, String> tampered =
        signed("{\"a\":2}".getBytes(StandardCharsets.UTF_8), wrong, "application/json");
    tampered.put(WebhookHeaders.HUB_SIGNATURE, tampered.remove(WebhookHeaders.SIGNATURE));
    rejectedWithoutARun(
        engine().postBytes("order-created", body, tampered), wrong, 401, "does not match");
  }

  @Test
  void unknownSlugIs404() throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String id = loadId();
    rejectedWithoutARun(
        engine().postBytes("no-such-flow", body, signed(body, id, "application/json")),
        id,
        404,
        "no-such-flow");
  }

  @Test
  void aBodyOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
    byte[] big = new byte[2 << 20];
    Arrays.fill(big, (byte) 'a');
    big[0] = '"';
    big[big.length - 1] = '"';
    String id = loadId();
    rejectedWithoutARun(
        engine().postBytes("order-created", big, signed(big, id, "application/json")),
        id,
        413,
        "1048576 bytes");

    // Chunked, no Content-Length: the limit is enforced while reading.
    String chunked = loadId();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(engine().baseUrl() + "/api/hooks/order-created"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    signed(big, chunked, "application/json").forEach(request::header);
    rejectedWithoutARun(
        engine().http().send(request.build(), HttpResponse.BodyHandlers.ofString()),
        chunked,
        413,
        "exceeds");
  }

  @Test
  void unsupportedContentTypeIs415() throws Exception {
    byte[] body = "<order/>".getBytes(StandardCharsets.UTF_8);
    String xml = loadId();
    rejectedWithoutARun(
        engine().postBytes("order-created", body, signed(body, xml, "application/xml")),
        xml,
        415,
        "application/xml");
    String latin1 = loadId();
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    rejectedWithoutARun(
        engine()
            .postBytes(
                "order-created",
                json,
                signed(json, latin1, "application/json; charset=ISO-8859-1")),
        latin1,
        415,
        "UTF-8");
  }

  @Test
  void aBodyThatIsNotItsClaimedJsonOrNotUtf8Is400() throws Exception {
    byte[] broken = "{not json".getBytes(StandardCharsets.UTF_8);
    String id = loadId();
    rejectedWithoutARun(
        engine().postBytes("order-created", broken, signed(broken, id, "application/json")),
        id,
        400,
        "not the JSON");

    byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    String bad = loadId();
    rejectedWithoutARun(
        engine().postBytes("order-created", notUtf8, signed(notUtf8, bad, "text/plain")),
        bad,
        400,
        "UTF-8");
  }

  @Test
  void aRepeatedIdempotencyKeyGivesTheFirstRunAndCreatesNone() throws Exception {
    byte[] body = "{\"simulateFailure\":false}".getBytes(StandardCharsets.UTF_8);
    String id = loadId();
    Map<String, String> headers = signed(body, id, "application/json");
    headers.put("Idempotency-Key", "order-" + id);
    HttpResponse<String> first = engine().postBytes("order-created", body, headers);
    HttpResponse<String> second = engine().postBytes("order-created", body, headers);
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(second.body()).path("runId").asText())
        .isEqualTo(JSON.readTree(first.body()).path("runId").asText());
    assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(runsOf(id)).isEqualTo(1);
  }

  @Test
  void racingRequestsWithOneIdempotencyKeyCreateOneRun() throws Exception {
    byte[] body = "{\"simulateFailure\":false}".getBytes(StandardCharsets.UTF_8);
    String id = loadId();
    Map<String, String> headers = signed(body, id, "application/json");
    headers.put("Idempotency-Key", "race-" + id);
    // Twelve threads released at once by one latch, so the requests really overlap.
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(12);
    java.util.List<HttpResponse<String>> answers;
    try {
      java.util.List<java.util.concurrent.Future<HttpResponse<String>>> futures =
          new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return engine().postBytes("order-created", body, headers);
                }));
      }
      go.countDown();
      answers = new java.util.ArrayList<>();
      for (var f : futures) {
        answers.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(202));
    assertThat(
            answers.stream()
                .map(a -> a.body().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1"))
                .distinct())
        .hasSize(1);
    assertThat(runsOf(id)).isEqualTo(1);
  }

  @Test
  void metricsServePrometheusTextWithTheEngineFigures() throws Exception {
    byte[] body = "{\"simulateFailure\":false}".getBytes(StandardCharsets.UTF_8);
    String id = loadId();
    assertThat(
            engine()
                .postBytes("user-signup", body, signed(body, id, "application/json"))
                .statusCode())
        .isEqualTo(202);
    HttpResponse<String> metrics = null;
    for (int i = 0;
        i < 50;
        i++) { // the run finishes within milliseconds; its counters appear after its commit
      metrics = engine().get("/metrics");
      if (metrics.body().contains("meshhook_step_seconds_count{type=\"transform\"}")
          && metrics.body().contains("meshhook_runs_total{status=\"succeeded\"}")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains("meshhook_http_answers_total{status=\"202\"}")
        .contains("meshhook_intake_seconds_bucket")
        .contains("meshhook_queue_depth")
        .contains("meshhook_runs_total{status=\"succeeded\"}")
        .contains("meshhook_step_seconds_count{type=\"transform\"}")
        .contains("hikaricp_connections_active")
        .contains("hikaricp_connections_pending")
        .contains("hikaricp_connections_max")
        .contains("jvm_memory_used_bytes")
        .contains("process_cpu_usage");
    // The workers: how many, and how many not parked (the bottleneck analysis reads both).
    assertThat(gauge(metrics.body(), "meshhook_workers_size")).isEqualTo(8);
    assertThat(gauge(metrics.body(), "meshhook_workers_busy")).isBetween(0.0, 8.0);
  }

  /** A gauge's value in Prometheus text; fails the test when the engine does not publish it. */
  private static double gauge(String body, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(body);
    assertThat(m.find()).as(name + " in /metrics").isTrue();
    return Double.parseDouble(m.group(2));
  }
}
