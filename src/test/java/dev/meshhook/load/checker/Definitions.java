package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Every published workflow definition by its row id, parsed once, for re-executing runs. A
 * definition that does not parse is kept with the reason, so each of its runs is reported rather
 * than silently not re-executed.
 */
public final class Definitions {
  /**
   * A definition, as a step list or as a graph (whichever the dialect reads), or why it cannot be
   * re-executed: {@code unreadable} when the dialect does not read its form (not judged), not when
   * it is missing (a finding).
   */
  public record Parsed(
      WorkflowSteps definition, FlowGraph graph, String problem, boolean unreadable) {}

  private final Map<String, Parsed> byId;

  Definitions(Map<String, Parsed> byId) {
    this.byId = Map.copyOf(byId);
  }

  public static Definitions read(Connection c) throws SQLException {
    return read(c, Dialect.REFERENCE);
  }

  /** Every definition, read the {@code dialect}'s way: steps (reference) or a graph (meshhook). */
  public static Definitions read(Connection c, Dialect dialect) throws SQLException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Parsed> byId = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id::text, slug, version, definition::text FROM workflow_definitions")) {
      while (rs.next()) {
        String where = rs.getString(2) + " v" + rs.getInt(3);
        try {
          JsonNode definition = json.readTree(rs.getString(4));
          byId.put(
              rs.getString(1),
              dialect == Dialect.MESHHOOK
                  ? new Parsed(null, FlowGraph.read(definition), null, false)
                  : new Parsed(WorkflowSteps.read(definition), null, null, false));
        } catch (WorkflowSteps.Unreadable | IOException e) {
          byId.put(
              rs.getString(1),
              new Parsed(
                  null,
                  null,
                  "definition "
                      + where
                      + " cannot be re-executed in the "
                      + dialect.flag()
                      + " dialect: "
                      + e.getMessage(),
                  true));
        }
      }
    }
    return new Definitions(byId);
  }

  /** The definition a run was started from; a run whose definition row is gone is a problem too. */
  public Parsed of(String workflowId) {
    Parsed parsed = byId.get(workflowId);
    return parsed != null
        ? parsed
        : new Parsed(
            null, null, "definition " + workflowId + " is not in workflow_definitions", false);
  }
}
