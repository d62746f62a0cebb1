package dev.meshhook.load.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/** The latest version of every published workflow, by slug and by id, read once at start. */
final class WorkflowCatalog {
  /** One step of a workflow definition. */
  record Step(String type, ObjectNode set, long ms, String when) {}

  record Workflow(UUID id, UUID projectId, String tenant, String slug, List<Step> steps) {}

  private final Map<String, Workflow> bySlug;
  private final Map<UUID, Workflow> byId = new HashMap<>();

  private WorkflowCatalog(Map<String, Workflow> bySlug) {
    this.bySlug = bySlug;
    bySlug.values().forEach(w -> byId.put(w.id(), w));
  }

  static WorkflowCatalog load(DataSource db, ObjectMapper json) throws SQLException {
    Map<String, Workflow> bySlug = new TreeMap<>();
    String sql =
        "SELECT DISTINCT ON (d.slug) d.id, d.project_id, p.name, d.slug, d.definition::text"
            + " FROM workflow_definitions d JOIN projects p ON p.id = d.project_id"
            + " ORDER BY d.slug, d.version DESC";
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String slug = rs.getString(4);
        bySlug.put(
            slug,
            new Workflow(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                slug,
                parse(slug, json.readTree(rs.getString(5)))));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("unreadable workflow definition: " + e.getMessage(), e);
    }
    return new WorkflowCatalog(bySlug);
  }

  static List<Step> parse(String slug, JsonNode definition) {
    List<Step> steps = new ArrayList<>();
    for (JsonNode node : definition.path("steps")) {
      String type = node.path("type").asText();
      switch (type) {
        case "transform" -> {
          if (!node.path("set").isObject()) {
            throw new IllegalStateException(slug + ": transform step needs an object 'set'");
          }
          steps.add(new Step(type, (ObjectNode) node.get("set"), 0, null));
        }
        case "delay" -> steps.add(new Step(type, null, node.path("ms").asLong(0), null));
        case "fail" -> steps.add(new Step(type, null, 0, node.path("when").asText(null)));
        default -> throw new IllegalStateException(slug + ": unknown step type '" + type + "'");
      }
    }
    if (steps.isEmpty()) {
      throw new IllegalStateException(slug + ": workflow has no steps");
    }
    return steps;
  }

  Optional<Workflow> bySlug(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  Workflow byId(UUID id) {
    Workflow w = byId.get(id);
    if (w == null) {
      throw new IllegalStateException("run refers to unknown workflow " + id);
    }
    return w;
  }

  Collection<Workflow> all() {
    return bySlug.values();
  }
}
