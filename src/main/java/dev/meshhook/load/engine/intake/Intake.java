package dev.meshhook.load.engine.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.engine.faults.FaultInjector;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.engine.workflow.RunContext;
import dev.meshhook.load.engine.workflow.WorkflowCatalog;
import dev.meshhook.load.engine.workflow.WorkflowCatalog.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Accepts one webhook. Checks run cheapest first (slug, rate limit, size, content type, signature,
 * body), and every rejection creates no run. An accepted webhook records the run, its {@code
 * run_created} event and its queue entry in one transaction; 202 is only ever answered after that
 * commit (unless a fault says otherwise on purpose), and a database that cannot take the run in
 * time gives 503, never 202.
 */
public final class Intake {
  /** One incoming webhook; header names lower-cased. */
  public record Webhook(String slug, Map<String, String> headers, InputStream body) {}

  /** What the HTTP layer answers. */
  /** What to answer; status 0 is no answer at all (the connection is closed). */
  public record Answer(int status, String body, Map<String, String> headers) {
    public boolean none() {
      return status == 0;
    }
  }

  /** The no-answer fault's: the run is committed, and the caller hears nothing. */
  private static final Answer NO_ANSWER = new Answer(0, "", Map.of());

  /**
   * Limits the intake enforces, and how long a new run waits before its first step ({@code
   * engine.runDelay}: zero, unless a test makes the engine slower on purpose).
   */
  public record Limits(
      int maxBodyBytes, Duration idempotencyTtl, Duration intakeTimeout, Duration runDelay) {}

  private final DataSource db;
  private final WorkflowCatalog catalog;
  private final WebhookSigner signer;
  private final FaultInjector faults;
  private final TokenBuckets buckets;
  private final Limits limits;
  private final ObjectMapper json;
  private final java.util.function.Consumer<UUID> onQueued;
  private final IntakeCommitter committer;
  // false: the 202 names no run (no body, no Location), as real MeshHook answers
  private final boolean namesRun;

  public Intake(
      DataSource db,
      WorkflowCatalog catalog,
      WebhookSigner signer,
      FaultInjector faults,
      TokenBuckets buckets,
      Limits limits,
      ObjectMapper json,
      java.util.function.Consumer<UUID> onQueued,
      IntakeCommitter committer,
      boolean namesRun) {
    this.namesRun = namesRun;
    this.onQueued = onQueued;
    this.committer = committer;
    this.db = db;
    this.catalog = catalog;
    this.signer = signer;
    this.faults = faults;
    this.buckets = buckets;
    this.limits = limits;
    this.json = json.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  public Answer accept(Webhook hook) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    Optional<Workflow> found = catalog.bySlug(hook.slug());
    if (found.isEmpty()) {
      return error(
          404,
          headers,
          "unknown workflow",
          "no workflow is published under slug '" + hook.slug() + "'");
    }
    Workflow workflow = found.get();
    TokenBuckets.Decision rate = buckets.take(workflow.projectId());
    headers.put("X-RateLimit-Limit", Long.toString(rate.limit()));
    headers.put("X-RateLimit-Remaining", Long.toString(rate.remaining()));
    headers.put("X-RateLimit-Reset", Long.toString(rate.resetSeconds()));
    if (!rate.allowed()) {
      headers.put("Retry-After", Long.toString(rate.retryAfterSeconds()));
      return error(
          429,
          headers,
          "rate limited",
          "project "
              + workflow.tenant()
              + " is over its webhook rate; retry after "
              + rate.retryAfterSeconds()
              + " s");
    }
    long declared = parseLength(hook.headers().get("content-length"));
    byte[] body =
        declared > limits.maxBodyBytes() ? null : hook.body().readNBytes(limits.maxBodyBytes() + 1);
    if (body == null || body.length > limits.maxBodyBytes()) {
      return error(
          413,
          headers,
          "payload too large",
          "the body exceeds " + limits.maxBodyBytes() + " bytes");
    }
    String contentType = hook.headers().get("content-type");
    MediaType media = MediaType.parse(contentType);
    if (media == null || !(media.json() || media.text()) || !media.utf8()) {
      return error(
          415,
          headers,
          "unsupported media type",
          "send application/json (or another +json type) or text/plain, in UTF-8; got "
              + (contentType == null ? "none" : contentType));
    }
    String signature = hook.headers().get(WebhookHeaders.SIGNATURE.toLowerCase(Locale.ROOT));
    if (signature == null) {
      signature = hook.headers().get(WebhookHeaders.HUB_SIGNATURE.toLowerCase(Locale.ROOT));
    }
    boolean unsignedLetThrough = signature == null && faults.acceptsUnsigned();
    if (!unsignedLetThrough && !signer.verify(body, signature)) {
      if (faults.orphanOnRejected()) {
        recordQuietly(workflow, body, hook.headers());
      }
      return error(
          401,
          headers,
          "invalid signature",
          signature == null
              ? "missing X-Signature or X-Hub-Signature-256 header"
              : "signature does not match the body");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      return error(400, headers, "bad request", "the body is not valid UTF-8");
    }
    com.fasterxml.jackson.databind.JsonNode
        input; // parsed once: validation here, the run's input below
    if (media.json()) {
      try {
        input = json.readTree(text);
      } catch (JsonProcessingException e) {
        return error(
            400,
            headers,
            "bad request",
            "the body is not the JSON its content type claims: " + e.getOriginalMessage());
      }
      if (input.isMissingNode()) {
        return error(
            400, headers, "bad request", "the body is empty but the content type says JSON");
      }
    } else {
      input = RunContext.parseBody(json, text);
    }
    String idempotencyKey = hook.headers().get("idempotency-key");
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
      return error(400, headers, "bad request", "Idempotency-Key must be 1 to 255 characters");
    }
    try {
      FaultMode fault = faults.onAccepted();
      if (fault == FaultMode.DROP_AFTER_ACK) {
        return accepted(headers, UUID.randomUUID(), false); // acknowledged, never recorded
      }
      if (idempotencyKey != null) {
        Recorded recorded = record(workflow, text, input, hook.headers(), fault, idempotencyKey);
        if (fault == FaultMode.DUPLICATE && !recorded.replayed()) {
          record(workflow, text, input, hook.headers(), FaultMode.NONE, null);
        }
        return fault == FaultMode.NO_ANSWER
            ? NO_ANSWER
            : accepted(headers, recorded.runId(), recorded.replayed());
      }
      // The common case goes through group commit; a fault's second run commits with it.
      FaultInjector.Unanswered unanswered =
          fault == FaultMode.NO_ANSWER ? faults.nextUnanswered() : null;
      List<IntakeCommitter.Record> runs = new java.util.ArrayList<>(2);
      runs.add(
          newRecord(
              workflow,
              text,
              input,
              hook.headers(),
              fault,
              fault != FaultMode.STUCK && unanswered != FaultInjector.Unanswered.NEVER_QUEUED));
      if (fault == FaultMode.DUPLICATE || unanswered == FaultInjector.Unanswered.TWO_RUNS) {
        runs.add(newRecord(workflow, text, input, hook.headers(), FaultMode.NONE, true));
      }
      if (fault == FaultMode.UNTAGGED_RUN) {
        Map<String, String> untagged = new LinkedHashMap<>(hook.headers());
        untagged.remove(WebhookHeaders.LOAD_ID.toLowerCase(Locale.ROOT));
        runs.add(newRecord(workflow, text, input, untagged, FaultMode.NONE, true));
      }
      if (faults.hotRow()) {
        recordHoldingTheHotRow(runs.get(0));
      } else {
        committer.record(runs, limits.intakeTimeout());
      }
      return unanswered != null ? NO_ANSWER : accepted(headers, runs.get(0).runId(), false);
    } catch (SQLException e) {
      // Nothing was committed, so no 202: the sender may retry.
      headers.put("Retry-After", "1");
      return error(
          503, headers, "unavailable", "the run could not be recorded durably: " + e.getMessage());
    }
  }

  private Answer accepted(Map<String, String> headers, UUID runId, boolean replayed) {
    if (replayed) {
      headers.put("Idempotent-Replayed", "true");
    }
    if (!namesRun) {
      return new Answer(202, "", headers); // MeshHook's answer: accepted, and nothing more
    }
    headers.put("Location", "/api/runs/" + runId);
    ObjectNode body = json.createObjectNode().put("runId", runId.toString());
    if (replayed) {
      body.put("replayed", true);
    }
    return new Answer(202, body.toString(), headers);
  }

  private record Recorded(UUID runId, boolean replayed) {}

  private IntakeCommitter.Record newRecord(
      Workflow workflow,
      String text,
      com.fasterxml.jackson.databind.JsonNode input,
      Map<String, String> headers,
      FaultMode fault,
      boolean queued) {
    ObjectNode created = json.createObjectNode();
    ObjectNode stored = created.putObject("headers");
    headers.forEach(stored::put);
    created.put("body", text);
    ObjectNode context = json.createObjectNode();
    context.set("input", input);
    return new IntakeCommitter.Record(
        UUID.randomUUID(),
        workflow.projectId(),
        workflow.id(),
        created.toString(),
        context.toString(),
        fault == FaultMode.NONE ? null : fault.flag(),
        queued,
        limits.runDelay().toMillis());
  }

  /**
   * One run in its own transaction: for idempotent requests (the key is claimed first) and the
   * orphan fault.
   */
  private Recorded record(
      Workflow workflow,
      String text,
      com.fasterxml.jackson.databind.JsonNode input,
      Map<String, String> headers,
      FaultMode fault,
      String idempotencyKey)
      throws SQLException {
    IntakeCommitter.Record r =
        newRecord(workflow, text, input, headers, fault, fault != FaultMode.STUCK);
    UUID runId = r.runId();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (idempotencyKey != null) {
          Optional<UUID> first = claimKey(c, workflow.projectId(), idempotencyKey, runId);
          if (first.isPresent()) {
            c.rollback();
            return new Recorded(first.get(), true);
          }
        }
        IntakeCommitter.insert(c, List.of(r));
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    onQueued.accept(
        runId); // an idle worker takes it now rather than at its next poll; followers see it
    return new Recorded(runId, false);
  }

  /**
   * The hot-row fault: the run in its own transaction, after an update of the one shared row, held
   * 10 ms. Every other request's update waits on that row's lock until this one commits.
   */
  private void recordHoldingTheHotRow(IntakeCommitter.Record r) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE engine_hot_row SET hits = hits + 1 WHERE id = 1");
        IntakeCommitter.insert(c, List.of(r));
        st.execute("SELECT pg_sleep(0.01)");
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    onQueued.accept(r.runId());
  }

  /**
   * Takes the idempotency key for this run, or returns the run that holds it. A second request
   * racing the first waits on the key's row until the first commits, then sees its run.
   */
  private Optional<UUID> claimKey(Connection c, UUID project, String key, UUID runId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO engine_idempotency (project_id, key, run_id) VALUES (?, ?, ?)"
                + " ON CONFLICT (project_id, key) DO UPDATE SET run_id = EXCLUDED.run_id, created_at = clock_timestamp()"
                + " WHERE engine_idempotency.created_at < clock_timestamp() - (? * interval '1 millisecond')"
                + " RETURNING run_id")) {
      ps.setObject(1, project);
      ps.setString(2, key);
      ps.setObject(3, runId);
      ps.setLong(4, limits.idempotencyTtl().toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return Optional.empty();
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT run_id FROM engine_idempotency WHERE project_id = ? AND key = ?")) {
      ps.setObject(1, project);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Optional.of(rs.getObject(1, UUID.class));
      }
    }
  }

  /** The orphan fault: a rejected request records a run anyway; the answer stays 401. */
  private void recordQuietly(Workflow workflow, byte[] body, Map<String, String> headers) {
    try {
      String text = new String(body, StandardCharsets.UTF_8);
      record(workflow, text, RunContext.parseBody(json, text), headers, FaultMode.ORPHAN, null);
    } catch (SQLException e) {
      System.err.println("engine: orphan fault could not record: " + e.getMessage());
    }
  }

  private Answer error(int status, Map<String, String> headers, String error, String detail) {
    return new Answer(
        status,
        json.createObjectNode().put("error", error).put("detail", detail).toString(),
        headers);
  }

  private static long parseLength(String value) {
    try {
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Just enough of a Content-Type header to decide 415. */
  public record MediaType(String type, String charset) {
    static MediaType parse(String header) {
      if (header == null || header.isBlank()) {
        return null;
      }
      String[] parts = header.split(";");
      String charset = null;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].trim().split("=", 2);
        if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
          charset = kv[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
        }
      }
      return new MediaType(parts[0].trim().toLowerCase(Locale.ROOT), charset);
    }

    boolean json() {
      return type.equals("application/json")
          || (type.startsWith("application/") && type.endsWith("+json"));
    }

    boolean text() {
      return type.equals("text/plain");
    }

    boolean utf8() {
      return charset == null || charset.equals("utf-8") || charset.equals("utf8");
    }
  }
}
