package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The checker's own reading of a definition stored as MeshHook stores it: {@code {"nodes": [{id,
 * type}], "edges": [{source, target}]}}. It reads only what a walk needs: each node's type, where
 * each node may lead, and where a run may start (nodes no edge reaches).
 */
public record FlowGraph(
    Map<String, String> types, Map<String, Set<String>> successors, Set<String> entries) {

  /** A terminate node ends the run with run_completed alone, without a success of its own. */
  public boolean ends(String node) {
    return "terminate".equals(types.get(node));
  }

  public static FlowGraph read(JsonNode definition) throws WorkflowSteps.Unreadable {
    JsonNode nodes = definition.path("nodes");
    if (!nodes.isArray() || nodes.isEmpty()) {
      throw new WorkflowSteps.Unreadable("'nodes' must be a non-empty array of {id, type}");
    }
    Map<String, String> types = new LinkedHashMap<>();
    for (JsonNode node : nodes) {
      String id = node.path("id").asText("");
      if (id.isEmpty() || types.put(id, node.path("type").asText("")) != null) {
        throw new WorkflowSteps.Unreadable(
            "node ids must be present and distinct, got '" + id + "' twice or empty");
      }
    }
    Map<String, Set<String>> successors = new LinkedHashMap<>();
    types.keySet().forEach(id -> successors.put(id, new LinkedHashSet<>()));
    Set<String> reached = new LinkedHashSet<>();
    for (JsonNode edge : definition.path("edges")) {
      String source = edge.path("source").asText("");
      String target = edge.path("target").asText("");
      if (!types.containsKey(source) || !types.containsKey(target)) {
        throw new WorkflowSteps.Unreadable(
            "edge " + source + " -> " + target + " names a node the graph does not have");
      }
      successors.get(source).add(target);
      reached.add(target);
    }
    Set<String> entries = new LinkedHashSet<>(types.keySet());
    entries.removeAll(reached);
    if (entries.isEmpty()) {
      throw new WorkflowSteps.Unreadable("every node has an edge into it: no node to start at");
    }
    return new FlowGraph(types, successors, entries);
  }
}
