package dev.meshhook.load.engine.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The latest version of every published workflow, by slug and by id (older versions too, by id).
 */
public final class WorkflowCatalog {
  public record Workflow(
      UUID id,
      UUID projectId,
      String tenant,
      String slug,
      int version,
      WorkflowDefinition definition) {
    public List<WorkflowDefinition.Step> steps() {
      return definition.steps();
    }
  }

  private final Map<String, Workflow> latest = new ConcurrentHashMap<>();
  private final Map<UUID, Workflow> byId = new ConcurrentHashMap<>();

  public static WorkflowCatalog load(DataSource db, ObjectMapper json) throws SQLException {
    WorkflowCatalog catalog = new WorkflowCatalog();
    String sql =
        "SELECT d.id, d.project_id, p.name, d.slug, d.version, d.definition::text"
            + " FROM workflow_definitions d JOIN projects p ON p.id = d.project_id ORDER BY d.slug, d.version";
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String slug = rs.getString(4);
        try {
          catalog.add(
              new Workflow(
                  rs.getObject(1, UUID.class),
                  rs.getObject(2, UUID.class),
                  rs.getString(3),
                  slug,
                  rs.getInt(5),
                  WorkflowDefinition.parse(json.readTree(rs.getString(6)))));
        } catch (WorkflowDefinition.Invalid
            | com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(
              "stored workflow " + slug + " v" + rs.getInt(5) + " is invalid: " + e.getMessage(),
              e);
        }
      }
    }
    return catalog;
  }

  /** Makes a (newly published) version known; the highest version of a slug takes its webhooks. */
  public void add(Workflow workflow) {
    byId.put(workflow.id(), workflow);
    latest.merge(workflow.slug(), workflow, (a, b) -> b.version() > a.version() ? b : a);
  }

  public Optional<Workflow> bySlug(String slug) {
    return Optional.ofNullable(latest.get(slug));
  }

  public Workflow byId(UUID id) {
    Workflow w = byId.get(id);
    if (w == null) {
      throw new IllegalStateException("run refers to unknown workflow " + id);
    }
    return w;
  }

  /** The latest version of each workflow, by slug. */
  public Collection<Workflow> all() {
    return new TreeMap<>(latest).values();
  }
}
