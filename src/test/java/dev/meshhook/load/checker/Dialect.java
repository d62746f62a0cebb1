package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * How an engine writes what the contract leaves open: how a step event names its step, and how a
 * definition is stored. The contract level (ledger against runs, event order, one terminal event,
 * status, tenant) holds whatever the dialect; the dialect level (step identity, retries, double
 * completions, re-execution) is judged only in a dialect the checker can read.
 *
 * <p>{@code REFERENCE}: steps by number ({@code "step": 2}), definitions as step lists. {@code
 * MESHHOOK}: steps by node ({@code "node": {"id": ...}}), definitions as nodes and edges, failed
 * attempts retried (DESIGN.md, "Real MeshHook"). {@code CONTRACT}: none; only the contract level.
 */
public enum Dialect {
  REFERENCE("reference"),
  MESHHOOK("meshhook"),
  CONTRACT("contract");

  /** A step key the dialect cannot read from an event: the run is not judged at its level. */
  public static final int UNREADABLE = Integer.MIN_VALUE;

  private final String flag;

  Dialect(String flag) {
    this.flag = flag;
  }

  public String flag() {
    return flag;
  }

  /**
   * The SQL expression (over {@code e}, a workflow_events row) for the text the step key is read
   * from: a success's step, and a resume's first step; null for every other event.
   */
  String stepKeySql() {
    return switch (this) {
      case REFERENCE ->
          "CASE e.type WHEN 'step_succeeded' THEN (e.payload -> 'step')::text"
              + " WHEN 'run_resumed' THEN (e.payload -> 'fromStep')::text END";
      case MESHHOOK -> "CASE e.type WHEN 'step_succeeded' THEN e.payload -> 'node' ->> 'id' END";
      case CONTRACT -> "NULL::text";
    };
  }

  /**
   * The event types whose payloads re-execution reads in this dialect: a reference run's path and
   * outputs follow from its webhook body, its successes, failures and resumes and its completion,
   * never from a start or from the run's failure. Null when every payload is read (a MeshHook graph
   * walk reads each event's node).
   */
  Set<String> reExecutedPayloads() {
    return switch (this) {
      case REFERENCE ->
          Set.of("run_created", "step_succeeded", "step_failed", "run_resumed", "run_completed");
      case MESHHOOK -> null;
      case CONTRACT -> Set.of();
    };
  }

  /**
   * A field of one event type's payload that re-execution never reads, by type, in this dialect: a
   * reference run's webhook headers (its input is the body alone), most of what {@code run_created}
   * holds.
   */
  Map<String, String> reExecutedWithout() {
    return this == REFERENCE ? Map.of("run_created", "headers") : Map.of();
  }

  /**
   * The SQL expression (over {@code e}) for the payload text re-execution reads: null for the
   * events it does not read, and without the fields it does not read, so the database neither turns
   * them into text nor sends them, and nothing parses them.
   */
  String reExecutedPayloadSql() {
    Set<String> read = reExecutedPayloads();
    if (read == null) {
      return "e.payload::text";
    }
    if (read.isEmpty()) {
      return "NULL::text";
    }
    StringBuilder sql = new StringBuilder("CASE");
    reExecutedWithout().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            w ->
                sql.append(" WHEN e.type = '")
                    .append(w.getKey())
                    // an array or a scalar has no field to leave out ("cannot delete from scalar")
                    .append("' AND jsonb_typeof(e.payload) = 'object' THEN (e.payload - '")
                    .append(w.getValue())
                    .append("')::text"));
    return sql.append(" WHEN e.type IN (")
        .append(String.join(", ", read.stream().sorted().map(t -> "'" + t + "'").toList()))
        .append(") THEN e.payload::text END")
        .toString();
  }

  /**
   * A success's step key from the text {@link #stepKeySql} gave; {@link #UNREADABLE} when the event
   * does not name its step this dialect's way. Node ids become small numbers through {@code nodes},
   * one numbering per scan.
   */
  int successKey(String text, Map<String, Integer> nodes) {
    return switch (this) {
      case REFERENCE -> integer(text);
      case MESHHOOK -> text == null ? UNREADABLE : nodes.computeIfAbsent(text, id -> nodes.size());
      case CONTRACT -> UNREADABLE;
    };
  }

  /**
   * A JSON integer's value from its text, without the JSON parser; anything else (a string, 1.5,
   * null, an int's overflow) is unreadable.
   */
  static int integer(String text) {
    if (text == null || text.isEmpty() || text.length() > 10) {
      return UNREADABLE;
    }
    int i = text.charAt(0) == '-' && text.length() > 1 ? 1 : 0;
    long value = 0;
    for (int j = i; j < text.length(); j++) {
      char ch = text.charAt(j);
      if (ch < '0' || ch > '9') {
        return UNREADABLE;
      }
      value = value * 10 + (ch - '0');
    }
    value = i == 1 ? -value : value;
    return value > Integer.MAX_VALUE || value <= Integer.MIN_VALUE ? UNREADABLE : (int) value;
  }

  /** As {@link #successKey}, from a whole payload. */
  int successKey(JsonNode payload, Map<String, Integer> nodes) {
    return switch (this) {
      case REFERENCE ->
          payload.path("step").canConvertToInt() && payload.path("step").isIntegralNumber()
              ? payload.get("step").asInt()
              : UNREADABLE;
      case MESHHOOK -> {
        JsonNode id = payload.path("node").path("id");
        yield id.isTextual() ? nodes.computeIfAbsent(id.asText(), k -> nodes.size()) : UNREADABLE;
      }
      case CONTRACT -> UNREADABLE;
    };
  }

  /** How a success that this dialect cannot read looks, for the report's "not judged" reason. */
  String unreadableSuccess() {
    return switch (this) {
      case REFERENCE -> "a step_succeeded event has no integer 'step'";
      case MESHHOOK -> "a step_succeeded event has no 'node.id'";
      case CONTRACT -> "the contract dialect judges no steps";
    };
  }
}
