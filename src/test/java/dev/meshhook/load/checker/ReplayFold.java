package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's state from its events alone, as a pure function: the status the events imply, the step it
 * is at, every step's recorded outcome and the context (the webhook body as {@code input}, plus
 * every field a succeeded step set). Nothing else is read, so the same events always fold to the
 * same state, whatever wrote them; a stored row that disagrees with its fold was changed behind the
 * event log's back.
 *
 * <p>Event payloads follow the contract in DESIGN.md: {@code run_created {headers, body}}, {@code
 * step_started/step_succeeded/step_failed {step, id, type, ...}} with {@code set} for the fields a
 * step sets and {@code response} for an http call, {@code run_resumed {fromStep}}, {@code
 * run_completed {output}}, {@code run_failed {step, error}}.
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

    /**
     * As {@link #of(long, Instant, String, String)}, from the payload's UTF-8 bytes; a payload not
     * read (null) is missing.
     */
    public static Event of(long id, Instant ts, String type, byte[] payloadJson) {
      if (payloadJson == null) {
        return new Event(id, ts, type, MissingNode.getInstance());
      }
      try {
        return new Event(id, ts, type, JSON.readTree(payloadJson));
      } catch (IOException e) {
        return of(id, ts, type, new String(payloadJson, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * The folded state. {@code currentStep} is the step started and not yet finished (-1 when none);
   * {@code outcomes} maps each step id to what its last success recorded; {@code doubleCompletions}
   * counts steps that succeeded twice within one attempt (a restart must show as such, never as a
   * second success).
   */
  public record State(
      String status,
      int currentStep,
      Map<String, JsonNode> outcomes,
      JsonNode context,
      int attempts,
      int doubleCompletions) {}

  private ReplayFold() {}

  /**
   * The part of the fold the stored row is judged by: status, attempts and steps that succeeded
   * twice within one attempt. {@link #fold} runs on it, and so does the checker's fast path, which
   * reads only the step numbers instead of whole payloads; one copy of the rules keeps both alike.
   */
  static final class Progress {
    private String status = "none";
    private int attempts;
    private int doubleCompletions;
    private final java.util.Set<Integer> succeededThisAttempt = new java.util.HashSet<>();

    void created() {
      status = "running";
      attempts = 1;
    }

    void succeeded(int step) {
      if (!succeededThisAttempt.add(step)) {
        doubleCompletions++;
      }
    }

    /** Steps before the resumed one stay done; from it on they run again. */
    void resumed(int fromStep) {
      status = "running";
      attempts++;
      succeededThisAttempt.removeIf(step -> step >= fromStep);
    }

    void completed() {
      status = "succeeded";
    }

    void failed() {
      status = "failed";
    }

    String status() {
      return status;
    }

    int doubleCompletions() {
      return doubleCompletions;
    }

    /** Ready for the next run, so one instance serves a whole scan. */
    void reset() {
      status = "none";
      attempts = 0;
      doubleCompletions = 0;
      succeededThisAttempt.clear();
    }
  }

  /** Folds the events in the order given, read in the reference dialect. */
  public static State fold(List<Event> events) {
    return fold(events, Dialect.REFERENCE);
  }

  /**
   * Folds the events in the order given, each step named the {@code dialect}'s way (node ids are
   * numbered in order of appearance).
   */
  public static State fold(List<Event> events, Dialect dialect) {
    Map<String, Integer> nodes = new java.util.HashMap<>();
    Progress progress = new Progress();
    int current = -1;
    Map<String, JsonNode> outcomes = new LinkedHashMap<>();
    ObjectNode context = JSON.createObjectNode();
    for (Event e : events) {
      JsonNode p = e.payload();
      switch (e.type()) {
        case "run_created" -> {
          progress.created();
          context.set("input", body(p.path("body").asText("")));
        }
        case "step_started" -> current = dialect.successKey(p, nodes);
        case "step_succeeded" -> {
          int step = dialect.successKey(p, nodes);
          progress.succeeded(step);
          outcomes.put(stepName(p, step), outcome(p));
          if (p.path("set").isObject()) {
            context.setAll((ObjectNode) p.get("set"));
          }
          current = -1;
        }
        case "step_failed" -> current = dialect.successKey(p, nodes);
        case "run_resumed" -> {
          progress.resumed(p.path("fromStep").asInt(0));
          current = -1;
        }
        case "run_completed" -> {
          progress.completed();
          current = -1;
        }
        case "run_failed" -> progress.failed();
        default -> {} // an event type this fold does not know changes nothing
      }
    }
    return new State(
        progress.status, current, outcomes, context, progress.attempts, progress.doubleCompletions);
  }

  /**
   * A step number as the fold reads it ({@code asInt} of the payload field), from that field's JSON
   * text alone; null when the field is absent. Plain integers skip the JSON parser.
   */
  static int stepNumber(String fieldJson, int absent) {
    if (fieldJson == null) {
      return absent;
    }
    int plain = Dialect.integer(fieldJson);
    return plain != Dialect.UNREADABLE ? plain : parsedStepNumber(fieldJson, absent);
  }

  private static int parsedStepNumber(String fieldJson, int absent) {
    try {
      return JSON.readTree(fieldJson).asInt(absent);
    } catch (IOException e) {
      return absent;
    }
  }

  /** A step's name in {@link State#outcomes}: its id, its node's id, else its number. */
  private static String stepName(JsonNode p, int step) {
    if (p.path("id").isTextual()) {
      return p.get("id").asText();
    }
    JsonNode node = p.path("node").path("id");
    return node.isTextual() ? node.asText() : Integer.toString(step);
  }

  /**
   * The same events in timestamp order (ties by id): a deterministic log folds the same either way.
   */
  public static List<Event> byTimestamp(List<Event> events) {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::ts).thenComparingLong(Event::id));
    return sorted;
  }

  private static JsonNode outcome(JsonNode p) {
    ObjectNode o = JSON.createObjectNode();
    for (String field : List.of("set", "response", "goto", "waitedMs", "next", "output")) {
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
