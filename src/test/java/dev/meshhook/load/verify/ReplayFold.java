package dev.meshhook.load.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's state from its events alone, as a pure function: the status the events imply, the step
 * it is at, every step's recorded outcome and the context (the webhook body as {@code input}, plus
 * every field a succeeded step set). Nothing else is read, so the same events always fold to the
 * same state, whatever wrote them; a stored row that disagrees with its fold was changed behind the
 * event log's back.
 *
 * <p>Event payloads follow the contract in DESIGN.md: {@code run_created {headers, body}},
 * {@code step_started/step_succeeded/step_failed {step, id, type, ...}} with {@code set} for the
 * fields a step sets and {@code response} for an http call, {@code run_resumed {fromStep}},
 * {@code run_completed {output}}, {@code run_failed {step, error}}.
 */
public final class ReplayFold {
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Event(long id, Instant ts, String type, JsonNode payload) {
    public static Event of(long id, Instant ts, String type, String payloadJson) {
      try {
        return new Event(id, ts, type, JSON.readTree(payloadJson));
      } catch (IOException e) {
        return new Event(id, ts, type, JsonNodeFactory.instance.textNode(payloadJson));
      }
    }
  }

  /**
   * The folded state. {@code currentStep} is the step started and not yet finished (-1 when none);
   * {@code outcomes} maps each step id to what its last success recorded; {@code doubleCompletions}
   * counts steps that succeeded twice within one attempt (a restart must show as such, never as a
   * second success).
   */
  public record State(String status, int currentStep, Map<String, JsonNode> outcomes, JsonNode context, int attempts,
      int doubleCompletions) {}

  private ReplayFold() {}

  /** Folds the events in the order given. */
  public static State fold(List<Event> events) {
    String status = "none";
    int current = -1;
    int attempts = 0;
    int doubles = 0;
    Map<String, JsonNode> outcomes = new LinkedHashMap<>();
    ObjectNode context = JSON.createObjectNode();
    java.util.Set<Integer> succeededThisAttempt = new java.util.HashSet<>();
    for (Event e : events) {
      JsonNode p = e.payload();
      switch (e.type()) {
        case "run_created" -> {
          status = "running";
          attempts = 1;
          context.set("input", body(p.path("body").asText("")));
        }
        case "step_started" -> current = p.path("step").asInt(-1);
        case "step_succeeded" -> {
          int step = p.path("step").asInt(-1);
          if (!succeededThisAttempt.add(step)) {
            doubles++;
          }
          outcomes.put(p.path("id").asText(Integer.toString(step)), outcome(p));
          if (p.path("set").isObject()) {
            context.setAll((ObjectNode) p.get("set"));
          }
          current = -1;
        }
        case "step_failed" -> current = p.path("step").asInt(-1);
        case "run_resumed" -> {
          status = "running";
          attempts++;
          current = -1;
          // Steps before the resumed one stay done; from it on they run again.
          int from = p.path("fromStep").asInt(0);
          succeededThisAttempt.removeIf(step -> step >= from);
        }
        case "run_completed" -> {
          status = "succeeded";
          current = -1;
        }
        case "run_failed" -> status = "failed";
        default -> { } // an event type this fold does not know changes nothing
      }
    }
    return new State(status, current, outcomes, context, attempts, doubles);
  }

  /** The same events in timestamp order (ties by id): a deterministic log folds the same either way. */
  public static List<Event> byTimestamp(List<Event> events) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::ts).thenComparingLong(Event::id));
    return sorted;
  }

  private static JsonNode outcome(JsonNode p) {
    ObjectNode o = JSON.createObjectNode();
    for (String field : List.of("set", "response", "goto", "waitedMs")) {
      if (p.has(field)) {
        o.set(field, p.get(field));
      }
    }
    return o;
  }

  /** The webhook body as JSON when it is JSON, else as a string: a run's {@code input}. */
  static JsonNode body(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null || node.isMissingNode() ? JsonNodeFactory.instance.textNode(body) : node;
    } catch (IOException e) {
      return JsonNodeFactory.instance.textNode(body);
    }
  }
}
