package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.testing.SharedEngine;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/runs/{id}/logs}: the run's events live, resumable, ending after the terminal
 * event.
 */
@Tag("side-by-side")
class LiveLogsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final SharedEngine ENGINE = new SharedEngine(Map.of());

  private static EngineUnderTest engine() {
    return ENGINE.get();
  }

  /** One SSE event as received, with the moment it arrived. */
  record Received(long id, String type, JsonNode data, Instant at) {}

  /** Reads the stream to its end (bounded: 20 s), parsing id/event/data lines. */
  private static List<Received> follow(String runId, String project, Long lastEventId)
      throws Exception {
    return follow(runId, project, lastEventId, Integer.MAX_VALUE);
  }

  /** As above, but hangs up after {@code atMost} events, as a client that drops off would. */
  private static List<Received> follow(String runId, String project, Long lastEventId, int atMost)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(engine().baseUrl() + "/api/runs/" + runId + "/logs"))
            .header("Authorization", "Bearer " + engine().apiToken(project))
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", Long.toString(lastEventId));
    }
    CompletableFuture<HttpResponse<Stream<String>>> answer =
        engine().http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = answer.get(20, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    List<Received> events = new ArrayList<>();
    CompletableFuture<Void> reading =
        CompletableFuture.runAsync(
            () -> {
              long id = -1;
              String type = null;
              java.util.Iterator<String> lines = response.body().iterator();
              while (events.size() < atMost && lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("id:")) {
                  id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                  type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                  try {
                    events.add(
                        new Received(
                            id, type, JSON.readTree(line.substring(5).trim()), Instant.now()));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              }
            });
    reading.get(20, TimeUnit.SECONDS); // the stream ends by itself after the terminal event
    response.body().close(); // hangs up when it stopped early
    return events;
  }

  @Test
  void aFollowerSeesEveryEventLiveAndTheStreamEndsAfterTheTerminalOne() throws Exception {
    String run =
        JSON.readTree(
                engine()
                    .webhook(
                        "report-requested",
                        "{\"range\":\"q1\"}",
                        "live" + System.nanoTime() + "-it-1")
                    .body())
            .path("runId")
            .asText();
    Instant connected = Instant.now();
    List<Received> events = follow(run, "globex", null);
    assertThat(events)
        .extracting(Received::type)
        .containsExactly(
            "run_created",
            "step_started",
            "step_succeeded",
            "step_started",
            "step_succeeded",
            "step_started",
            "step_succeeded",
            "step_started",
            "step_succeeded",
            "run_completed");
    assertThat(events).extracting(Received::id).isSorted().doesNotHaveDuplicates();
    events.forEach(e -> assertThat(e.data().path("id").asLong()).isEqualTo(e.id()));
    // Delivery latency, written (event ts) to received, for the events written after the follower
    // connected.
    List<Long> lags =
        events.stream()
            .filter(e -> !Instant.parse(e.data().path("ts").asText()).isBefore(connected))
            .map(
                e ->
                    Duration.between(Instant.parse(e.data().path("ts").asText()), e.at())
                        .toMillis())
            .sorted()
            .toList();
    System.out.println("live logs: commit-to-client lag ms, sorted: " + lags);
    // The run's delays (100 + 30 ms) outlast the connect, so several events are live; each arrives
    // well within a second (about 20-40 ms on a quiet 2-core machine), not on a poll of seconds.
    assertThat(lags).as("events written while following").hasSizeGreaterThanOrEqualTo(3);
    assertThat(lags.get(lags.size() - 1)).as("slowest live event, ms").isLessThan(1000);
  }

  @Test
  void lastEventIdResumesWithNoGapAndNoDuplicate() throws Exception {
    String run =
        JSON.readTree(
                engine()
                    .webhook(
                        "user-signup", "{\"userId\":\"u7\"}", "live" + System.nanoTime() + "-it-2")
                    .body())
            .path("runId")
            .asText();
    List<Received> all = follow(run, "acme", null);
    assertThat(all).hasSizeGreaterThanOrEqualTo(4);
    List<Received> rest = follow(run, "acme", all.get(1).id());
    assertThat(rest)
        .extracting(Received::id)
        .containsExactlyElementsOf(all.subList(2, all.size()).stream().map(Received::id).toList());
  }

  @Test
  void aFollowerThatDropsOffMidRunResumesWhileTheRunIsStillGoing() throws Exception {
    String slug = "resume-live-" + System.nanoTime();
    assertThat(
            engine()
                .publishWorkflow(
                    "acme",
                    slug,
                    "{\"id\":\"first\",\"type\":\"transform\",\"set\":{\"a\":\"input.n\"}},"
                        + "{\"id\":\"wait\",\"type\":\"delay\",\"ms\":2000},"
                        + "{\"id\":\"last\",\"type\":\"transform\",\"set\":{\"b\":\"a\"}}")
                .statusCode())
        .isEqualTo(201);
    String run =
        JSON.readTree(
                engine().webhook(slug, "{\"n\":1}", "live" + System.nanoTime() + "-it-4").body())
            .path("runId")
            .asText();
    // run_created, first's start and success, then the delay's start: the client drops off there.
    List<Received> before = follow(run, "acme", null, 4);
    assertThat(before)
        .extracting(Received::type)
        .containsExactly("run_created", "step_started", "step_succeeded", "step_started");
    assertThat(
            JSON.readTree(engine().api("GET", "/api/runs/" + run, null, "acme").body())
                .path("status")
                .asText())
        .as("the run is still in its delay when the follower comes back")
        .isEqualTo("running");
    Instant resumed = Instant.now();
    List<Received> after = follow(run, "acme", before.get(before.size() - 1).id());
    assertThat(after)
        .extracting(Received::type)
        .containsExactly("step_succeeded", "step_started", "step_succeeded", "run_completed");
    assertThat(after.get(0).id()).isGreaterThan(before.get(3).id());
    assertThat(Instant.parse(after.get(0).data().path("ts").asText()))
        .as("the delay ended after the resume: received live")
        .isAfter(resumed);
    List<Long> all = new ArrayList<>(before.stream().map(Received::id).toList());
    all.addAll(after.stream().map(Received::id).toList());
    assertThat(all)
        .as("no gap and no duplicate across the resume")
        .containsExactlyElementsOf(follow(run, "acme", null).stream().map(Received::id).toList());
  }

  @Test
  void anotherTenantsRunHasNoLog() throws Exception {
    String run =
        JSON.readTree(
                engine().webhook("user-signup", "{}", "live" + System.nanoTime() + "-it-3").body())
            .path("runId")
            .asText();
    assertThat(engine().api("GET", "/api/runs/" + run + "/logs", null, "globex").statusCode())
        .isEqualTo(404);
    assertThat(engine().api("GET", "/api/runs/" + run + "/logs", null, null).statusCode())
        .isEqualTo(401);
    HttpResponse<String> notSse = engine().api("GET", "/api/runs/" + run + "/logs", null, "acme");
    assertThat(notSse.statusCode()).isEqualTo(406);
    assertThat(notSse.body()).contains("Accept: text/event-stream");
  }
}
