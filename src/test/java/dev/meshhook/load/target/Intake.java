package dev.meshhook.load.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.target.WorkflowCatalog.Workflow;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Accepts one webhook: checks the signature over the raw bytes, then records the run, its
 * {@code run_created} event and its queue entry in one transaction. A 202 is only ever answered
 * after that commit (unless a fault says otherwise on purpose).
 */
final class Intake {
  /** What the HTTP layer answers. */
  record Answer(int status, String body, UUID runId) {}

  private final DataSource db;
  private final WorkflowCatalog catalog;
  private final WebhookSigner signer;
  private final FaultInjector faults;
  private final ObjectMapper json;

  Intake(
      DataSource db,
      WorkflowCatalog catalog,
      WebhookSigner signer,
      FaultInjector faults,
      ObjectMapper json) {
    this.db = db;
    this.catalog = catalog;
    this.signer = signer;
    this.faults = faults;
    this.json = json;
  }

  Answer accept(String slug, byte[] body, Map<String, List<String>> headers) throws SQLException {
    Optional<Workflow> workflow = catalog.bySlug(slug);
    if (workflow.isEmpty()) {
      return error(404, "unknown workflow", "no workflow is published under slug '" + slug + "'");
    }
    String signature = first(headers, WebhookHeaders.SIGNATURE);
    if (signature == null) {
      signature = first(headers, WebhookHeaders.HUB_SIGNATURE);
    }
    if (!signer.verify(body, signature)) {
      if (faults.orphanOnRejected()) {
        record(workflow.get(), body, headers, FaultMode.ORPHAN);
      }
      return error(
          401,
          "invalid signature",
          signature == null ? "missing X-Signature header" : "signature does not match the body");
    }
    FaultMode fault = faults.onAccepted();
    UUID runId;
    if (fault == FaultMode.DROP_AFTER_ACK) {
      runId = UUID.randomUUID(); // acknowledged, never recorded
    } else {
      runId = record(workflow.get(), body, headers, fault);
      if (fault == FaultMode.DUPLICATE) {
        record(workflow.get(), body, headers, FaultMode.NONE);
      }
    }
    return new Answer(202, "{\"runId\":\"" + runId + "\"}", runId);
  }

  private UUID record(Workflow workflow, byte[] body, Map<String, List<String>> headers, FaultMode fault)
      throws SQLException {
    UUID runId = UUID.randomUUID();
    String text = new String(body, StandardCharsets.UTF_8);
    ObjectNode created = json.createObjectNode();
    ObjectNode lowered = created.putObject("headers");
    headers.forEach((name, values) -> lowered.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    created.put("body", text);
    ObjectNode context = json.createObjectNode();
    context.set("input", parseOrText(text));
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO workflow_runs (id, project_id, workflow_id, status) VALUES (?, ?, ?, 'running')")) {
          ps.setObject(1, runId);
          ps.setObject(2, workflow.projectId());
          ps.setObject(3, workflow.id());
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO workflow_events (run_id, type, payload) VALUES (?, 'run_created', ?::jsonb)")) {
          ps.setObject(1, runId);
          ps.setString(2, created.toString());
          ps.executeUpdate();
        }
        if (fault != FaultMode.STUCK) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO engine_run_queue (run_id, context, fault) VALUES (?, ?::jsonb, ?)")) {
            ps.setObject(1, runId);
            ps.setString(2, context.toString());
            ps.setString(3, fault == FaultMode.NONE ? null : fault.flag());
            ps.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    return runId;
  }

  private JsonNode parseOrText(String text) {
    try {
      return json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return json.getNodeFactory().textNode(text);
    }
  }

  private Answer error(int status, String error, String detail) {
    ObjectNode body = json.createObjectNode().put("error", error).put("detail", detail);
    return new Answer(status, body.toString(), null);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
