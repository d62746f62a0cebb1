package dev.meshhook.load.checker;

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
  /** A definition, or why it cannot be re-executed. */
  public record Parsed(WorkflowSteps definition, String problem) {}

  private final Map<String, Parsed> byId;

  Definitions(Map<String, Parsed> byId) {
    this.byId = Map.copyOf(byId);
  }

  public static Definitions read(Connection c) throws SQLException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Parsed> byId = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id::text, slug, version, definition::text FROM workflow_definitions")) {
      while (rs.next()) {
        String where = rs.getString(2) + " v" + rs.getInt(3);
        try {
          byId.put(
              rs.getString(1),
              new Parsed(WorkflowSteps.read(json.readTree(rs.getString(4))), null));
        } catch (WorkflowSteps.Unreadable | IOException e) {
          byId.put(
              rs.getString(1),
              new Parsed(
                  null, "definition " + where + " cannot be re-executed: " + e.getMessage()));
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
        : new Parsed(null, "definition " + workflowId + " is not in workflow_definitions");
  }
}
