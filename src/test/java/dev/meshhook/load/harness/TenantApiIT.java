package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.testing.SharedEngine;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tenants, their API, and the workflow nodes, on the real engine(). */
@Tag("side-by-side")
class TenantApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final SharedEngine ENGINE = new SharedEngine(Map.of());

  private static EngineUnderTest engine() {
    return ENGINE.get();
  }

  private static String tag() {
    return "ten" + System.nanoTime() + "-it-";
  }

  private static String runId(HttpResponse<String> accepted) throws Exception {
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return JSON.readTree(accepted.body()).path("runId").asText();
  }

  private static JsonNode awaitFinished(String runId, String project) throws Exception {
    for (int i = 0; i < 200; i++) {
      JsonNode run = JSON.readTree(engine().api("GET", "/api/runs/" + runId, null, project).body());
      if (!run.path("status").asText().equals("running")) {
        return run;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " did not finish within 10 s");
  }

  private static List<JsonNode> events(String runId) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    try (Connection c = engine().checkerHistory().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT type, payload::text FROM workflow_events WHERE run_id = ? ORDER BY id")) {
      ps.setObject(1, UUID.fromString(runId));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(
              JSON.createObjectNode()
                  .put("type", rs.getString(1))
                  .set("payload", JSON.readTree(rs.getString(2))));
        }
      }
    }
    return events;
  }

  @Test
  void theApiNeedsATokenAndShowsATenantOnlyItsOwnRuns() throws Exception {
    String tag = tag();
    String acmeRun = runId(engine().webhook("user-signup", "{\"userId\":\"u1\"}", tag + "1"));
    String globexRun =
        runId(
            engine()
                .webhook("ticket-opened", "{\"ticketId\":\"t1\",\"priority\":\"p3\"}", tag + "2"));
    awaitFinished(acmeRun, "acme");

    HttpResponse<String> anonymous = engine().api("GET", "/api/runs", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(engine().api("GET", "/api/runs/" + globexRun, null, "acme").statusCode())
        .isEqualTo(404);
    assertThat(engine().api("GET", "/api/runs/" + globexRun, null, "globex").statusCode())
        .isEqualTo(200);

    JsonNode acmeList =
        JSON.readTree(
            engine().api("GET", "/api/runs?status=succeeded&limit=500", null, "acme").body());
    List<String> ids = new ArrayList<>();
    acmeList
        .path("runs")
        .forEach(
            r -> {
              ids.add(r.path("id").asText());
              assertThat(r.path("status").asText()).isEqualTo("succeeded");
            });
    assertThat(ids).contains(acmeRun).doesNotContain(globexRun);
    assertThat(engine().api("GET", "/api/runs?status=lost", null, "acme").statusCode())
        .isEqualTo(400);
    assertThat(engine().api("GET", "/api/runs?limit=0", null, "acme").statusCode()).isEqualTo(400);
    assertThat(
            JSON.readTree(engine().api("GET", "/api/workflows", null, "globex").body())
                .path("workflows"))
        .extracting(w -> w.path("slug").asText())
        .containsExactly("invoice-paid", "report-requested", "ticket-opened");
  }

  @Test
  void publishingValidatesAndVersionsAndTheNewVersionTakesTheWebhooks() throws Exception {
    String slug = "pub-" + System.nanoTime();
    HttpResponse<String> invalid =
        engine()
            .api(
                "POST",
                "/api/workflows",
                "{\"slug\":\""
                    + slug
                    + "\",\"definition\":{\"steps\":[{\"type\":\"branch\",\"cases\":[{\"when\":\"x\",\"goto\":\"nowhere\"}],\"default\":\"nowhere\"}]}}",
                "acme");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).contains("names no step");

    String v1 =
        "{\"slug\":\""
            + slug
            + "\",\"definition\":{\"steps\":[{\"type\":\"transform\",\"set\":{\"v\":\"`1`\"}}]}}";
    String v2 =
        "{\"slug\":\""
            + slug
            + "\",\"definition\":{\"steps\":[{\"type\":\"transform\",\"set\":{\"v\":\"`2`\"}}]}}";
    HttpResponse<String> first = engine().api("POST", "/api/workflows", v1, "acme");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(JSON.readTree(first.body()).path("version").asInt()).isEqualTo(1);
    assertThat(
            JSON.readTree(engine().api("POST", "/api/workflows", v2, "acme").body())
                .path("version")
                .asInt())
        .isEqualTo(2);
    assertThat(engine().api("POST", "/api/workflows", v1, "globex").statusCode()).isEqualTo(409);

    String run = runId(engine().webhook(slug, "{}", tag() + "1"));
    assertThat(awaitFinished(run, "acme").path("version").asInt()).isEqualTo(2);
    assertThat(events(run))
        .anySatisfy(e -> assertThat(e.path("payload").path("set").path("v").asInt()).isEqualTo(2));
  }

  @Test
  void branchesFollowTheirConditionAndHttpCallsRecordTheirRetries() throws Exception {
    String tag = tag();
    String paged =
        runId(
            engine()
                .webhook("ticket-opened", "{\"ticketId\":\"t9\",\"priority\":\"p1\"}", tag + "1"));
    String quiet =
        runId(
            engine()
                .webhook("ticket-opened", "{\"ticketId\":\"t8\",\"priority\":\"p3\"}", tag + "2"));
    awaitFinished(paged, "globex");
    awaitFinished(quiet, "globex");
    assertThat(events(paged))
        .anySatisfy(e -> assertThat(e.path("payload").path("goto").asText()).isEqualTo("page"))
        .anySatisfy(
            e ->
                assertThat(e.path("payload").path("response").path("body").path("sink").asText())
                    .isEqualTo("pager"));
    assertThat(events(quiet))
        .anySatisfy(e -> assertThat(e.path("payload").path("goto").asText()).isEqualTo("done"))
        .noneSatisfy(e -> assertThat(e.path("payload").path("id").asText()).isEqualTo("page"));

    String slug = "retry-" + System.nanoTime();
    assertThat(
            engine()
                .publishWorkflow(
                    "globex",
                    slug,
                    "{\"id\":\"call\",\"type\":\"http_call\",\"path\":\"/sink/flaky-2\",\"retries\":2,\"backoffMs\":5,\"saveAs\":\"answer\"}")
                .statusCode())
        .isEqualTo(201);
    String retried = runId(engine().webhook(slug, "{\"n\":1}", tag + "3"));
    assertThat(awaitFinished(retried, "globex").path("status").asText()).isEqualTo("succeeded");
    assertThat(events(retried))
        .anySatisfy(
            e -> {
              assertThat(e.path("type").asText()).isEqualTo("step_succeeded");
              assertThat(e.path("payload").path("response").path("attempts").asInt()).isEqualTo(3);
              assertThat(
                      e.path("payload")
                          .path("set")
                          .path("answer")
                          .path("received")
                          .path("input")
                          .path("n")
                          .asInt())
                  .isEqualTo(1); // the default body is the whole context
            });
  }

  @Test
  void aFailedRunResumesFromItsFailedStepAndItsLogStillChecksOut() throws Exception {
    String slug = "resume-" + System.nanoTime();
    assertThat(
            engine()
                .publishWorkflow(
                    "acme",
                    slug,
                    "{\"id\":\"prepare\",\"type\":\"transform\",\"set\":{\"prepared\":\"input.order\"}},"
                        + "{\"id\":\"call\",\"type\":\"http_call\",\"path\":\"/sink/flaky-1\",\"retries\":0},"
                        + "{\"id\":\"finish\",\"type\":\"transform\",\"set\":{\"finished\":\"prepared\"}}")
                .statusCode())
        .isEqualTo(201);
    String tag = tag();
    String run = runId(engine().webhook(slug, "{\"order\":\"o-1\"}", tag + "1"));
    assertThat(awaitFinished(run, "acme").path("status").asText()).isEqualTo("failed");
    assertThat(engine().api("POST", "/api/runs/" + run + "/resume", null, "globex").statusCode())
        .isEqualTo(404);

    HttpResponse<String> resumed =
        engine().api("POST", "/api/runs/" + run + "/resume", null, "acme");
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
    assertThat(awaitFinished(run, "acme").path("status").asText()).isEqualTo("succeeded");
    assertThat(engine().api("POST", "/api/runs/" + run + "/resume", null, "acme").statusCode())
        .isEqualTo(409);

    List<JsonNode> events = events(run);
    assertThat(events)
        .extracting(e -> e.path("type").asText())
        .containsExactly(
            "run_created",
            "step_started",
            "step_succeeded",
            "step_started",
            "step_failed",
            "run_failed",
            "run_resumed",
            "step_started",
            "step_succeeded",
            "step_started",
            "step_succeeded",
            "run_completed");
    // The context the resumed run continued with came from the events: 'prepared' reached the last
    // step.
    assertThat(events.get(10).path("payload").path("set").path("finished").asText())
        .isEqualTo("o-1");
    RunRecord record = engine().checkerHistory().runs(tag).get(0);
    assertThat(dev.meshhook.load.checker.RunChecker.eventLogProblem(record)).isNull();
  }
}
