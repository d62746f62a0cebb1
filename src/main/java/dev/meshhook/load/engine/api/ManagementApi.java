package dev.meshhook.load.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.engine.api.ApiTokens.Project;
import dev.meshhook.load.engine.workflow.EngineDialect;
import dev.meshhook.load.engine.workflow.RunContext;
import dev.meshhook.load.engine.workflow.WorkflowCatalog;
import dev.meshhook.load.engine.workflow.WorkflowCatalog.Workflow;
import dev.meshhook.load.engine.workflow.WorkflowDefinition;
import dev.meshhook.load.engine.workflow.WorkflowGraph;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The tenant-scoped API behind a Bearer token: runs (list, read, resume) and workflows (list,
 * publish). A tenant never sees another tenant's run: it is 404, as if it did not exist.
 */
public final class ManagementApi {
  private static final Set<String> STATUSES =
      Set.of("running", "succeeded", "failed", "paused", "canceled");

  private final DataSource db;
  private final ApiTokens tokens;
  private final WorkflowCatalog catalog;
  private final ObjectMapper json;
  private final java.util.function.Consumer<UUID> onQueued;
  private final LiveLogs liveLogs;
  private final EngineDialect dialect;
  // the leak-cross-tenant fault: reads ignore the caller's tenant, on purpose
  private final boolean ignoresTenant;

  public ManagementApi(
      DataSource db,
      ApiTokens tokens,
      WorkflowCatalog catalog,
      ObjectMapper json,
      java.util.function.Consumer<UUID> onQueued,
      LiveLogs liveLogs,
      EngineDialect dialect,
      boolean ignoresTenant) {
    this.dialect = dialect;
    this.ignoresTenant = ignoresTenant;
    this.liveLogs = liveLogs;
    this.db = db;
    this.tokens = tokens;
    this.catalog = catalog;
    this.json = json;
    this.onQueued = onQueued;
  }

  /** The calling tenant, or empty after answering 401. */
  Optional<Project> caller(Context ctx) {
    Optional<Project> project = tokens.caller(ctx.header("Authorization"));
    if (project.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer");
      Http.error(ctx, 401, "unauthorized", "send Authorization: Bearer <the project's API token>");
    }
    return project;
  }

  /** The run's id when it exists and belongs to the caller; otherwise answers 404. */
  private Optional<UUID> ownRun(Context ctx, Project caller) throws SQLException {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      Http.error(ctx, 404, "not found", "no such run");
      return Optional.empty();
    }
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM workflow_runs WHERE id = ? AND (project_id = ? OR ?)")) {
      ps.setObject(1, id);
      ps.setObject(2, caller.id());
      ps.setBoolean(3, ignoresTenant);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return Optional.of(id);
        }
      }
    }
    Http.error(ctx, 404, "not found", "no such run");
    return Optional.empty();
  }

  /** The run in the path when the caller may see it; otherwise answers 401 or 404. */
  private Optional<UUID> visibleRun(Context ctx) throws SQLException {
    Optional<Project> caller = caller(ctx);
    return caller.isEmpty() ? Optional.empty() : ownRun(ctx, caller.get());
  }

  void getRun(Context ctx) throws SQLException {
    Optional<UUID> id = visibleRun(ctx);
    if (id.isEmpty()) {
      return;
    }
    ArrayNode runs = queryRuns("r.id = ?", id.get(), 1);
    Http.json(ctx, 200, runs.get(0));
  }

  void listRuns(Context ctx) throws SQLException {
    Optional<Project> caller = caller(ctx);
    if (caller.isEmpty()) {
      return;
    }
    String status = ctx.queryParam("status");
    if (status != null && !STATUSES.contains(status)) {
      Http.error(
          ctx,
          400,
          "bad request",
          "status must be one of " + String.join(", ", new java.util.TreeSet<>(STATUSES)));
      return;
    }
    int limit;
    try {
      limit = ctx.queryParam("limit") == null ? 50 : Integer.parseInt(ctx.queryParam("limit"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 500) {
      Http.error(ctx, 400, "bad request", "limit must be an integer from 1 to 500");
      return;
    }
    ArrayNode runs =
        status == null
            ? queryRuns(ownedBy(), caller.get().id(), limit)
            : queryRuns(
                ownedBy() + " AND r.status = '" + status + "'",
                caller.get().id(),
                limit); // status is one of STATUSES
    ObjectNode body = json.createObjectNode().put("limit", limit);
    body.set("runs", runs);
    Http.json(ctx, 200, body);
  }

  /** The list's tenant condition on its one parameter, the caller's project. */
  private String ownedBy() {
    return ignoresTenant ? "(r.project_id = ? OR true)" : "r.project_id = ?";
  }

  private ArrayNode queryRuns(String where, UUID param, int limit) throws SQLException {
    ArrayNode runs = json.createArrayNode();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT r.id, d.slug, d.version, r.status, r.started_at, r.finished_at FROM workflow_runs r"
                    + " JOIN workflow_definitions d ON d.id = r.workflow_id WHERE "
                    + where
                    + " ORDER BY r.started_at DESC LIMIT ?")) {
      ps.setObject(1, param);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          runs.addObject()
              .put("id", rs.getString(1))
              .put("workflow", rs.getString(2))
              .put("version", rs.getInt(3))
              .put("status", rs.getString(4))
              .put("startedAt", iso(rs.getTimestamp(5)))
              .put("finishedAt", iso(rs.getTimestamp(6)));
        }
      }
    }
    return runs;
  }

  /** Continues a failed run from the step it failed at, with the context its events rebuild. */
  void resume(Context ctx) throws SQLException {
    Optional<UUID> id = visibleRun(ctx);
    if (id.isEmpty()) {
      return;
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        String status;
        try (PreparedStatement ps =
            c.prepareStatement("SELECT status FROM workflow_runs WHERE id = ? FOR UPDATE")) {
          ps.setObject(1, id.get());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            status = rs.getString(1);
          }
        }
        if (dialect != EngineDialect.REFERENCE) {
          c.rollback();
          Http.error(
              ctx,
              409,
              "conflict",
              "resume is the reference dialect's; this engine writes the "
                  + dialect.flag()
                  + " dialect, which has no run_resumed");
          return;
        }
        RunContext.Rebuilt rebuilt = RunContext.rebuild(c, id.get(), json);
        if (!"failed".equals(status) || rebuilt.failedStep() < 0) {
          c.rollback();
          Http.error(
              ctx, 409, "conflict", "only a failed run can be resumed; this one is " + status);
          return;
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE workflow_runs SET status = 'running', finished_at = NULL WHERE id = ?")) {
          ps.setObject(1, id.get());
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO workflow_events (run_id, type, payload) VALUES (?, 'run_resumed', ?::jsonb)")) {
          ps.setObject(1, id.get());
          ps.setString(2, json.createObjectNode().put("fromStep", rebuilt.failedStep()).toString());
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO engine_run_queue (run_id, next_step, context) VALUES (?, ?, ?::jsonb)")) {
          ps.setObject(1, id.get());
          ps.setInt(2, rebuilt.failedStep());
          ps.setString(3, rebuilt.context().toString());
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    onQueued.accept(id.get());
    ctx.header("Location", "/api/runs/" + id.get());
    Http.json(
        ctx,
        202,
        json.createObjectNode().put("runId", id.get().toString()).put("status", "running"));
  }

  /** {@code GET /api/runs/{id}/logs}: the run's events as Server-Sent Events. */
  void logs(Context ctx) throws SQLException {
    Optional<UUID> id = visibleRun(ctx);
    if (id.isEmpty()) {
      return;
    }
    long lastEventId;
    try {
      String header = ctx.header("Last-Event-ID");
      lastEventId = header == null || header.isBlank() ? 0 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      Http.error(
          ctx, 400, "bad request", "Last-Event-ID must be the id of an event this stream sent");
      return;
    }
    // Javalin streams only to a request that asks for exactly this; say so rather than answer
    // empty.
    if (!"text/event-stream".equals(ctx.header("Accept"))) {
      Http.error(
          ctx,
          406,
          "not acceptable",
          "this is a Server-Sent Events stream: send Accept: text/event-stream");
      return;
    }
    new SseHandler(client -> liveLogs.follow(id.get(), lastEventId, client)).handle(ctx);
  }

  void listWorkflows(Context ctx) {
    Optional<Project> caller = caller(ctx);
    if (caller.isEmpty()) {
      return;
    }
    ArrayNode list = json.createArrayNode();
    for (Workflow w : catalog.all()) {
      if (w.projectId().equals(caller.get().id())) {
        list.addObject()
            .put("id", w.id().toString())
            .put("slug", w.slug())
            .put("version", w.version())
            .put("steps", w.steps().size());
      }
    }
    ObjectNode body = json.createObjectNode();
    body.set("workflows", list);
    Http.json(ctx, 200, body);
  }

  /** Publishes a new version of a workflow (the first, for a new slug) after validating it. */
  void publish(Context ctx) throws SQLException {
    Optional<Project> caller = caller(ctx);
    if (caller.isEmpty()) {
      return;
    }
    JsonNode request;
    try {
      request = json.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      Http.error(
          ctx,
          400,
          "bad request",
          "the body is not JSON: send {\"slug\": ..., \"definition\": {\"steps\": [...]}}");
      return;
    }
    String slug = request.path("slug").asText("");
    if (!slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      Http.error(
          ctx, 400, "bad request", "slug must be 1 to 63 lower-case letters, digits and dashes");
      return;
    }
    WorkflowDefinition definition;
    try {
      definition = WorkflowDefinition.parse(request.path("definition"));
    } catch (WorkflowDefinition.Invalid e) {
      Http.error(ctx, 400, "invalid definition", e.getMessage());
      return;
    }
    Optional<Workflow> existing = catalog.bySlug(slug);
    if (existing.isPresent() && !existing.get().projectId().equals(caller.get().id())) {
      Http.error(ctx, 409, "conflict", "slug '" + slug + "' belongs to another project");
      return;
    }
    UUID id = UUID.randomUUID();
    int version;
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO workflow_definitions (id, project_id, slug, version, definition)"
                    + " SELECT ?, ?, ?, coalesce(max(version), 0) + 1, ?::jsonb FROM workflow_definitions WHERE slug = ?"
                    + " RETURNING version")) {
      ps.setObject(1, id);
      ps.setObject(2, caller.get().id());
      ps.setString(3, slug);
      ps.setString(4, stored(request.path("definition")).toString());
      ps.setString(5, slug);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        version = rs.getInt(1);
      }
    }
    catalog.add(
        new Workflow(id, caller.get().id(), caller.get().name(), slug, version, definition));
    ctx.header("Location", "/api/workflows/" + id);
    Http.json(
        ctx,
        201,
        json.createObjectNode()
            .put("id", id.toString())
            .put("slug", slug)
            .put("version", version)
            .put("webhook", "/api/hooks/" + slug));
  }

  /** A definition as this engine's dialect stores it: MeshHook's as a nodes-and-edges graph. */
  private JsonNode stored(JsonNode definition) {
    return dialect == EngineDialect.MESHHOOK ? WorkflowGraph.toGraph(definition) : definition;
  }

  private static String iso(Timestamp ts) {
    return ts == null ? null : ts.toInstant().toString();
  }
}
