package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's own reading of a stored workflow definition ({@code workflow_definitions
 * .definition}, the reference format: {@code {"steps": [...]}}), for re-execution. It is written
 * from the format, not from the engine's parser, so the two readings check each other: an engine
 * that misreads its own definitions is caught by a re-execution that reads them right.
 *
 * <p>It reads only what re-execution needs and is lenient where the engine validates (an engine
 * refuses to publish a bad definition; the checker only has to say which one it cannot read).
 */
public final class WorkflowSteps {
  private static final JacksonRuntime JMESPATH = new JacksonRuntime();

  /** Why a stored definition cannot be re-executed. */
  public static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message);
    }
  }

  /** A branch case: when its condition holds, go to the step at {@code target}. */
  public record Case(Expression<JsonNode> when, int target) {}

  /**
   * One step. Which fields matter depends on {@code type}: transform {@code set}; branch {@code
   * cases} and {@code otherwise}; http_call {@code saveAs}; delay {@code ms}; terminate {@code
   * success}; fail {@code when} (null: always).
   */
  public record Step(
      String id,
      String type,
      Map<String, Expression<JsonNode>> set,
      List<Case> cases,
      int otherwise,
      String saveAs,
      long ms,
      boolean success,
      Expression<JsonNode> when) {}

  private final List<Step> steps;

  private WorkflowSteps(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  public List<Step> steps() {
    return steps;
  }

  /** Whether a condition holds on this context, by JMESPath's truthiness. */
  public static boolean holds(Expression<JsonNode> condition, JsonNode context) {
    return JMESPATH.isTruthy(condition.search(context));
  }

  public static WorkflowSteps read(JsonNode definition) throws Unreadable {
    JsonNode list = definition.path("steps");
    if (!list.isArray() || list.isEmpty()) {
      throw new Unreadable("no 'steps' array: not the reference definition format");
    }
    // A step without an id is "step<i>", as the format says; a goto names an id.
    List<String> ids = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String id = list.get(i).path("id").asText("");
      ids.add(id.isBlank() ? "step" + i : id);
      index.putIfAbsent(ids.get(i), i);
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      steps.add(step(list.get(i), ids.get(i), index));
    }
    return new WorkflowSteps(steps);
  }

  private static Step step(JsonNode node, String id, Map<String, Integer> index) throws Unreadable {
    String type = node.path("type").asText("");
    Map<String, Expression<JsonNode>> set = new LinkedHashMap<>();
    List<Case> cases = new ArrayList<>();
    int otherwise = -1;
    switch (type) {
      case "transform" -> {
        for (Map.Entry<String, JsonNode> e : node.path("set").properties()) {
          set.put(e.getKey(), expression(id, e.getValue()));
        }
      }
      case "branch" -> {
        for (JsonNode c : node.path("cases")) {
          cases.add(new Case(expression(id, c.path("when")), target(id, index, c.path("goto"))));
        }
        otherwise = target(id, index, node.path("default"));
      }
      case "http_call", "delay", "terminate", "fail" -> {}
      default -> throw new Unreadable("step '" + id + "': unknown type '" + type + "'");
    }
    return new Step(
        id,
        type,
        set,
        cases,
        otherwise,
        node.hasNonNull("saveAs") ? node.get("saveAs").asText() : null,
        node.path("ms").asLong(0),
        !node.path("outcome").asText("succeeded").equals("failed"),
        type.equals("fail") && node.has("when") ? expression(id, node.get("when")) : null);
  }

  private static Expression<JsonNode> expression(String id, JsonNode text) throws Unreadable {
    try {
      return JMESPATH.compile(text.asText(""));
    } catch (RuntimeException e) {
      throw new Unreadable(
          "step '" + id + "': '" + text.asText("") + "' is not JMESPath (" + e.getMessage() + ")");
    }
  }

  private static int target(String id, Map<String, Integer> index, JsonNode target)
      throws Unreadable {
    Integer at = index.get(target.asText(""));
    if (at == null) {
      throw new Unreadable("step '" + id + "': goto '" + target.asText("") + "' names no step");
    }
    return at;
  }
}
