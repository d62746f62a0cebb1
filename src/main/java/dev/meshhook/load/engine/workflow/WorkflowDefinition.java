package dev.meshhook.load.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow definition, parsed and validated when it is published. Steps run in order unless a
 * {@code branch} jumps; the run succeeds at the end of the list or at a {@code terminate}.
 *
 * <pre>
 * transform  {"id","type":"transform","set":{"field":"&lt;JMESPath over the context&gt;"}}
 * branch     {"id","type":"branch","cases":[{"when":"&lt;JMESPath&gt;","goto":"&lt;step id&gt;"}],"default":"&lt;step id&gt;"}
 * http_call  {"id","type":"http_call","path":"/sink/&lt;name&gt;","body":"&lt;JMESPath&gt;","saveAs":"field",
 *             "timeoutMs":1000,"retries":2,"backoffMs":50}
 * delay      {"id","type":"delay","ms":20}
 * terminate  {"id","type":"terminate","outcome":"succeeded"|"failed","error":"..."}
 * fail       {"id","type":"fail","when":"&lt;JMESPath&gt;"}  (terminate failed when the condition holds)
 * </pre>
 *
 * The context a run carries is {@code {"input": <webhook body>}} plus every field a transform or an
 * http_call's {@code saveAs} sets; each step's event records exactly what it set, so the context
 * can be rebuilt from the events alone.
 */
public final class WorkflowDefinition {
  public static final JacksonRuntime JMESPATH = new JacksonRuntime();

  /** Why a definition cannot be published. */
  public static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  public sealed interface Step permits Transform, Branch, HttpCall, Delay, Terminate, Fail {
    String id();

    String type();
  }

  public record Transform(String id, Map<String, Expression<JsonNode>> set) implements Step {
    public String type() {
      return "transform";
    }
  }

  public record Case(Expression<JsonNode> when, int target) {}

  public record Branch(String id, List<Case> cases, int otherwise) implements Step {
    public String type() {
      return "branch";
    }
  }

  public record HttpCall(
      String id,
      String path,
      Expression<JsonNode> body,
      String saveAs,
      int timeoutMs,
      int retries,
      int backoffMs)
      implements Step {
    public String type() {
      return "http_call";
    }
  }

  public record Delay(String id, long ms) implements Step {
    public String type() {
      return "delay";
    }
  }

  public record Terminate(String id, boolean success, String error) implements Step {
    public String type() {
      return "terminate";
    }
  }

  public record Fail(String id, Expression<JsonNode> when, String whenText) implements Step {
    public String type() {
      return "fail";
    }
  }

  private final List<Step> steps;

  private WorkflowDefinition(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  public List<Step> steps() {
    return steps;
  }

  /** Whether a branch case or fail condition holds on this context, by JMESPath's truthiness. */
  public static boolean holds(Expression<JsonNode> condition, JsonNode context) {
    return JMESPATH.isTruthy(condition.search(context));
  }

  /** The index of the step with this id, or -1. */
  public int indexOf(String id) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Parses a step list, or a nodes-and-edges graph as MeshHook stores it ({@link WorkflowGraph}).
   */
  public static WorkflowDefinition parse(JsonNode definition) throws Invalid {
    JsonNode list = WorkflowGraph.toSteps(definition).path("steps");
    if (!list.isArray() || list.isEmpty()) {
      throw new Invalid("'steps' (or 'nodes') must be a non-empty array");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String id = list.get(i).path("id").asText("");
      if (id.isBlank()) {
        id = "step" + i; // ids are optional for steps nobody jumps to
      }
      if (index.put(id, i) != null) {
        throw new Invalid("step id '" + id + "' is used twice");
      }
    }
    List<Step> steps = new ArrayList<>();
    List<String> ids = new ArrayList<>(index.keySet());
    ids.sort((a, b) -> index.get(a) - index.get(b));
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String id = ids.get(i);
      String where = "step '" + id + "'";
      String type = node.path("type").asText("");
      steps.add(
          switch (type) {
            case "transform" -> {
              if (!node.path("set").isObject() || node.path("set").isEmpty()) {
                throw new Invalid(
                    where + ": transform needs a non-empty object 'set' of field: JMESPath");
              }
              Map<String, Expression<JsonNode>> set = new LinkedHashMap<>();
              for (Map.Entry<String, JsonNode> e : node.path("set").properties()) {
                set.put(
                    field(where, e.getKey()),
                    expression(where + " set." + e.getKey(), e.getValue()));
              }
              yield new Transform(id, set);
            }
            case "branch" -> {
              List<Case> cases = new ArrayList<>();
              for (JsonNode c : node.path("cases")) {
                cases.add(
                    new Case(
                        expression(where + " case", c.path("when")),
                        target(where, index, c.path("goto"))));
              }
              if (cases.isEmpty()) {
                throw new Invalid(where + ": branch needs at least one case {\"when\", \"goto\"}");
              }
              yield new Branch(id, cases, target(where, index, node.path("default")));
            }
            case "http_call" -> {
              String path = node.path("path").asText("");
              if (!path.matches("/sink/[A-Za-z0-9._-]+")) {
                throw new Invalid(
                    where
                        + ": http_call path must be /sink/<name> (the engine's loopback sink), got '"
                        + path
                        + "'");
              }
              yield new HttpCall(
                  id,
                  path,
                  node.has("body")
                      ? expression(where + " body", node.get("body"))
                      : JMESPATH.compile("@"),
                  node.has("saveAs") ? field(where, node.get("saveAs").asText()) : null,
                  bounded(where, node, "timeoutMs", 1000, 1, 60_000),
                  bounded(where, node, "retries", 0, 0, 10),
                  bounded(where, node, "backoffMs", 50, 0, 60_000));
            }
            case "delay" -> new Delay(id, bounded(where, node, "ms", -1, 0, 3_600_000));
            case "terminate" -> {
              String outcome = node.path("outcome").asText("succeeded");
              if (!outcome.equals("succeeded") && !outcome.equals("failed")) {
                throw new Invalid(
                    where
                        + ": terminate outcome must be 'succeeded' or 'failed', got '"
                        + outcome
                        + "'");
              }
              yield new Terminate(
                  id, outcome.equals("succeeded"), node.path("error").asText("terminated"));
            }
            case "fail" ->
                node.has("when")
                    ? new Fail(
                        id,
                        expression(where + " when", node.get("when")),
                        node.get("when").asText())
                    : new Fail(id, null, null);
            default ->
                throw new Invalid(
                    where
                        + ": unknown type '"
                        + type
                        + "' (transform, branch, http_call, delay, terminate, fail)");
          });
    }
    return new WorkflowDefinition(steps);
  }

  private static String field(String where, String name) throws Invalid {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.equals("input")) {
      throw new Invalid(where + ": '" + name + "' is not a field name a step may set");
    }
    return name;
  }

  private static Expression<JsonNode> expression(String where, JsonNode text) throws Invalid {
    if (!text.isTextual() || text.asText().isBlank()) {
      throw new Invalid(where + ": needs a JMESPath expression string");
    }
    try {
      return JMESPATH.compile(text.asText());
    } catch (RuntimeException e) {
      throw new Invalid(
          where + ": '" + text.asText() + "' is not valid JMESPath (" + e.getMessage() + ")");
    }
  }

  private static int target(String where, Map<String, Integer> index, JsonNode id) throws Invalid {
    Integer target = index.get(id.asText(""));
    if (target == null) {
      throw new Invalid(where + ": goto '" + id.asText("") + "' names no step of this workflow");
    }
    return target;
  }

  private static int bounded(
      String where, JsonNode node, String key, int fallback, int min, int max) throws Invalid {
    if (!node.has(key)) {
      if (fallback < min) {
        throw new Invalid(where + ": '" + key + "' is required");
      }
      return fallback;
    }
    JsonNode v = node.get(key);
    if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw new Invalid(
          where + ": '" + key + "' must be an integer from " + min + " to " + max + ", got " + v);
    }
    return v.asInt();
  }
}
