package dev.meshhook.load.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a probe's accepted answer must hold, read from its body: the run ids a list returned, the
 * run a repeated Idempotency-Key's 202 names. Empty when the body does not hold it in the
 * contract's shape: what came back is then not known, and a list that cannot be read must not count
 * as one that returned nothing.
 */
final class ProbeAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUNS_PATH = "/api/runs/";

  private ProbeAnswers() {}

  /** The ids of {@code {"runs": [{"id": ...}, ...]}}; empty unless every listed run has one. */
  static Optional<List<String>> listedRunIds(String body) {
    JsonNode runs = parse(body).path("runs");
    if (!runs.isArray()) {
      return Optional.empty();
    }
    List<String> ids = new ArrayList<>(runs.size());
    for (JsonNode run : runs) {
      JsonNode id = run.path("id");
      if (!id.isTextual() || id.asText().isBlank()) {
        return Optional.empty();
      }
      ids.add(id.asText());
    }
    return Optional.of(List.copyOf(ids));
  }

  /**
   * The run an accepted webhook's answer names: the body's {@code runId}, else the {@code Location}
   * header's run; empty when it names none (MeshHook answers 202 with an empty body).
   */
  static Optional<String> namedRun(String body, String location) {
    JsonNode runId = parse(body).path("runId");
    if (runId.isTextual() && !runId.asText().isBlank()) {
      return Optional.of(runId.asText());
    }
    if (location != null && location.contains(RUNS_PATH)) {
      String id = location.substring(location.lastIndexOf(RUNS_PATH) + RUNS_PATH.length());
      if (!id.isBlank() && !id.contains("/")) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return JSON.missingNode();
    }
  }
}
