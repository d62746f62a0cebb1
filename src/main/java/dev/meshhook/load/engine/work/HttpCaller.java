package dev.meshhook.load.engine.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.engine.workflow.WorkflowDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Executes an {@code http_call} step against the engine's own loopback sink: a timeout per attempt,
 * retries on errors, timeouts and 5xx with exponential backoff. The outcome (status, body,
 * attempts) is what the step's event records, so a replay never has to call again.
 */
public final class HttpCaller {
  /** One attempt: the status it got (0 when no answer came) and why it failed (null when not). */
  public record Attempt(int status, String error) {}

  /**
   * What the step's event records, and each attempt (a dialect that logs every attempt needs them).
   */
  public record Outcome(
      boolean ok, int status, JsonNode body, int attempts, String error, List<Attempt> tries) {
    ObjectNode toJson(ObjectMapper json) {
      ObjectNode out = json.createObjectNode().put("status", status).put("attempts", attempts);
      if (body != null) {
        out.set("body", body);
      }
      if (error != null) {
        out.put("error", error);
      }
      return out;
    }
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final ObjectMapper json;
  private volatile String baseUrl;

  public HttpCaller(ObjectMapper json) {
    this.json = json;
  }

  /** The sink lives on the engine's own HTTP port, known once the server is up. */
  public void pointAt(int port) {
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /**
   * The longest a call of {@code step} can take: every attempt's connect and answer timeouts and
   * every backoff.
   */
  static long longestMillis(WorkflowDefinition.HttpCall step) {
    int attempts = step.retries() + 1;
    return attempts * (CONNECT_TIMEOUT.toMillis() + step.timeoutMs())
        + ((long) step.backoffMs() << step.retries())
        - step.backoffMs();
  }

  Outcome call(WorkflowDefinition.HttpCall step, UUID runId, JsonNode body)
      throws InterruptedException {
    String lastError = null;
    int lastStatus = 0;
    List<Attempt> tries = new ArrayList<>();
    for (int attempt = 1; attempt <= step.retries() + 1; attempt++) {
      if (attempt > 1) {
        Thread.sleep((long) step.backoffMs() << (attempt - 2)); // backoff, doubling each retry
      }
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + step.path()))
              .timeout(Duration.ofMillis(step.timeoutMs()))
              .header("Content-Type", "application/json")
              .header("X-MeshHook-Run-Id", runId.toString())
              .header("X-MeshHook-Step", step.id())
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
              .build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        lastStatus = response.statusCode();
        if (lastStatus < 500) {
          JsonNode answer = parse(response.body());
          String error = lastStatus < 300 ? null : "HTTP " + lastStatus + " from " + step.path();
          tries.add(new Attempt(lastStatus, error));
          return new Outcome(error == null, lastStatus, answer, attempt, error, List.copyOf(tries));
        }
        lastError = "HTTP " + lastStatus + " from " + step.path();
        tries.add(new Attempt(lastStatus, lastError));
      } catch (IOException e) {
        lastError =
            e.getClass().getSimpleName()
                + " calling "
                + step.path()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        tries.add(new Attempt(0, lastError));
      }
    }
    return new Outcome(false, lastStatus, null, step.retries() + 1, lastError, List.copyOf(tries));
  }

  private JsonNode parse(String body) {
    try {
      return body.isBlank() ? json.nullNode() : json.readTree(body);
    } catch (IOException e) {
      return json.getNodeFactory().textNode(body);
    }
  }
}
