package dev.meshhook.load.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The live metrics as Prometheus scrapes them: over real HTTP, on loopback, growing as sent. */
class LiveMetricsTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private String scrape(LiveServer server) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    return answer.body();
  }

  @Test
  void countersGrowAsRequestsAreSentAndAnsweredLabelledWithRunTagAndInjector() throws Exception {
    LiveMetrics live = LiveMetrics.on("20261202T1200000abc", "inj1", "SmokeSimulation");
    try (LiveServer server = LiveServer.start(live, 0)) {
      assertThat(server.url()).startsWith("http://127.0.0.1:").endsWith("/metrics");
      live.webhookSent();
      live.webhookSent();
      live.webhookAnswered(202, 12);
      String first = scrape(server);
      assertThat(first)
          .contains(
              "meshhook_load_requests_sent_total{injector=\"inj1\",operation=\"webhook\","
                  + "profile=\"SmokeSimulation\",run_tag=\"20261202T1200000abc\"} 2.0")
          .contains("meshhook_load_in_flight{")
          .contains("meshhook_load_webhook_latency_seconds_bucket{")
          .contains("phase=\"load\"");
      assertThat(line(first, "meshhook_load_in_flight{")).endsWith(" 1.0");
      assertThat(line(first, "meshhook_load_requests_answered_total{")).contains("status=\"202\"");

      live.webhookAnswered(0, 60_000);
      live.operation("health", 200);
      live.phase(LiveMetrics.Phase.DRAIN);
      live.drain(7, 9);
      live.verdict("missing", 0);
      String later = scrape(server);
      assertThat(line(later, "meshhook_load_in_flight{")).endsWith(" 0.0");
      assertThat(later)
          .contains("status=\"none\"")
          .contains("operation=\"health\"")
          .contains("meshhook_load_verdict{class=\"missing\"");
      assertThat(line(later, "meshhook_load_drain_terminal_runs{")).endsWith(" 7.0");
      assertThat(line(later, "meshhook_load_phase{injector=\"inj1\",phase=\"drain\""))
          .endsWith(" 1.0");
      assertThat(line(later, "meshhook_load_phase{injector=\"inj1\",phase=\"load\""))
          .endsWith(" 0.0");
    }
  }

  @Test
  void theStairGaugeIsZeroUntilTheFirstWebhookThenFollowsTheProfile() throws Exception {
    LiveMetrics live = LiveMetrics.on("20261202T1200000abc", "inj1", "StressSimulation");
    try (LiveServer server = LiveServer.start(live, 0)) {
      live.stairs(elapsed -> java.util.OptionalInt.of(elapsed.isNegative() ? -1 : 3));
      assertThat(line(scrape(server), "meshhook_load_stair_level{")).endsWith(" 0.0");
      live.webhookSent();
      assertThat(line(scrape(server), "meshhook_load_stair_level{")).endsWith(" 3.0");
      // A profile without stairs still has the gauge, at 0: one dashboard panel fits every profile.
      live.stairs(elapsed -> java.util.OptionalInt.empty());
      assertThat(line(scrape(server), "meshhook_load_stair_level{")).endsWith(" 0.0");
      assertThat(scrape(server)).contains("process_cpu_usage{", "jvm_memory_used_bytes{");
    }
  }

  @Test
  void theFinalScrapeIsAwaitedOnlyWhenSomethingScrapesRegularly() throws Exception {
    LiveMetrics live = LiveMetrics.on("20261202T1200000abc", "inj1", "SmokeSimulation");
    try (LiveServer server = LiveServer.start(live, 0)) {
      long start = System.nanoTime();
      server.awaitFinalScrape(java.time.Duration.ofSeconds(30));
      assertThat(System.nanoTime() - start)
          .as("nobody scraped: no wait")
          .isLessThan(java.time.Duration.ofSeconds(5).toNanos());

      scrape(server);
      Thread.sleep(1100);
      start = System.nanoTime();
      server.awaitFinalScrape(java.time.Duration.ofSeconds(1));
      assertThat(System.nanoTime() - start)
          .as("the last scrape is older than the wait: nobody scrapes regularly, no wait")
          .isLessThan(java.time.Duration.ofMillis(900).toNanos());

      scrape(server);
      Thread scraper =
          new Thread(
              () -> {
                try {
                  Thread.sleep(200);
                  scrape(server);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      scraper.start();
      start = System.nanoTime();
      server.awaitFinalScrape(java.time.Duration.ofSeconds(30));
      scraper.join();
      assertThat(System.nanoTime() - start)
          .as("returns at the next scrape, not at the end of the wait")
          .isLessThan(java.time.Duration.ofSeconds(20).toNanos());
    }
  }

  @Test
  void offKeepsNothing() {
    LiveMetrics off = LiveMetrics.off();
    off.webhookSent();
    off.webhookAnswered(202, 5);
    off.operation("health", 200);
    off.verdict("missing", 1);
    assertThat(off.enabled()).isFalse();
    assertThat(off.scrape()).isEmpty();
  }

  private static String line(String text, String start) {
    return text.lines()
        .filter(l -> l.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting " + start + " in\n" + text));
  }
}
