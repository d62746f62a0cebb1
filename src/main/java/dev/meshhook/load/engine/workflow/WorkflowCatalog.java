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

  /**
   * Rewrites every stored step-list definition as the nodes-and-edges graph MeshHook stores ({@link
   * WorkflowGraph}), for an engine that writes the meshhook dialect. Runs before {@link #load},
   * which reads either form.
   */
  public static void storeAsGraphs(DataSource db, ObjectMapper json) throws SQLException {
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, definition::text FROM workflow_definitions WHERE definition ? 'steps'");
        java.sql.PreparedStatement update =
            c.prepareStatement(
                "UPDATE workflow_definitions SET definition = ?::jsonb WHERE id = ?")) {
      while (rs.next()) {
        try {
          update.setString(1, WorkflowGraph.toGraph(json.readTree(rs.getString(2))).toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException("stored workflow " + rs.getString(1) + " is not JSON", e);
        }
        update.setObject(2, rs.getObject(1, UUID.class));
        update.executeUpdate();
      }
    }
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
