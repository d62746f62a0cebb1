package dev.meshhook.load.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A definition as MeshHook stores it, {@code {"nodes": [{id, type, data}], "edges": [{id, source,
 * target}]}}, and back to the step list the engine executes. The edges say where a run may go next:
 * a step falls through to the next one unless it ends the run (terminate, an unconditional fail) or
 * branches (one edge per case and the default). Nodes keep the list's order, so the way back is
 * exact.
 */
public final class WorkflowGraph {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private WorkflowGraph() {}

  /** The graph of a step-list definition; a graph is returned as it is. */
  public static ObjectNode toGraph(JsonNode definition) {
    if (definition.has("nodes")) {
      return (ObjectNode) definition;
    }
    JsonNode steps = definition.path("steps");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      String id = steps.get(i).path("id").asText("");
      ids.add(id.isBlank() ? "step" + i : id); // as WorkflowDefinition names an unnamed step
    }
    ObjectNode graph = JSON.objectNode();
    ArrayNode nodes = graph.putArray("nodes");
    ArrayNode edges = graph.putArray("edges");
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      String type = step.path("type").asText("");
      ObjectNode node = nodes.addObject().put("id", ids.get(i)).put("type", type);
      ObjectNode data = node.putObject("data");
      for (Map.Entry<String, JsonNode> field : step.properties()) {
        if (!field.getKey().equals("id") && !field.getKey().equals("type")) {
          data.set(field.getKey(), field.getValue());
        }
      }
      for (String target : successors(step, type, i + 1 < ids.size() ? ids.get(i + 1) : null)) {
        edges
            .addObject()
            .put("id", ids.get(i) + "->" + target)
            .put("source", ids.get(i))
            .put("target", target);
      }
    }
    return graph;
  }

  private static Set<String> successors(JsonNode step, String type, String following) {
    Set<String> targets = new LinkedHashSet<>();
    switch (type) {
      case "branch" -> {
        step.path("cases").forEach(c -> targets.add(c.path("goto").asText("")));
        targets.add(step.path("default").asText(""));
      }
      case "terminate" -> {} // the run ends here
      case "fail" -> {
        if (step.has("when") && following != null) {
          targets.add(following); // the condition may not hold
        }
      }
      default -> {
        if (following != null) {
          targets.add(following);
        }
      }
    }
    return targets;
  }

  /** The step list of a graph, in its nodes' order; a step list is returned as it is. */
  public static JsonNode toSteps(JsonNode definition) {
    if (!definition.has("nodes")) {
      return definition;
    }
    ObjectNode out = JSON.objectNode();
    ArrayNode steps = out.putArray("steps");
    for (JsonNode node : definition.path("nodes")) {
      ObjectNode step = steps.addObject();
      step.set("id", node.path("id"));
      step.set("type", node.path("type"));
      if (node.path("data").isObject()) {
        step.setAll((ObjectNode) node.get("data"));
      }
    }
    return out;
  }
}
