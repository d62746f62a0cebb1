package dev.meshhook.load.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Rebuilds a run's context from its events alone: the webhook body from {@code run_created}, then
 * every field a succeeded step {@code set}, in order. Resume uses it, so a resumed run continues
 * from exactly what its events say, not from state kept elsewhere.
 */
public final class RunContext {
  /** The context and the step a failed run failed at (-1 when none). */
  public record Rebuilt(ObjectNode context, int failedStep) {}

  private RunContext() {}

  public static Rebuilt rebuild(Connection c, UUID runId, ObjectMapper json) throws SQLException {
    ObjectNode context = json.createObjectNode();
    int failedStep = -1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT type, payload::text FROM workflow_events WHERE run_id = ? ORDER BY id")) {
      ps.setObject(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JsonNode payload = json.readTree(rs.getString(2));
          switch (rs.getString(1)) {
            case "run_created" ->
                context.set("input", parseBody(json, payload.path("body").asText("")));
            case "step_succeeded" -> {
              if (payload.path("set").isObject()) {
                context.setAll((ObjectNode) payload.get("set"));
              }
            }
            case "step_failed" -> failedStep = payload.path("step").asInt(-1);
            case "run_resumed" -> failedStep = -1;
            default -> {}
          }
        }
      }
    } catch (IOException e) {
      throw new SQLException("unreadable event payload of run " + runId, e);
    }
    return new Rebuilt(context, failedStep);
  }

  /** The webhook body as JSON when it is JSON, else as a string: what a run's {@code input} is. */
  public static JsonNode parseBody(ObjectMapper json, String body) {
    try {
      JsonNode node = json.readTree(body);
      return node.isMissingNode() ? json.getNodeFactory().textNode(body) : node;
    } catch (IOException e) {
      return json.getNodeFactory().textNode(body);
    }
  }
}
