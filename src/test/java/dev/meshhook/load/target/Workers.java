package dev.meshhook.load.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.target.WorkflowCatalog.Step;
import dev.meshhook.load.target.WorkflowCatalog.Workflow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Threads that execute queued runs. A worker claims one run with {@code FOR UPDATE SKIP LOCKED}
 * and a lease, runs its steps until the end or until a delay (which hands the run back to the
 * queue with a later {@code available_at}, so a waiting run holds no thread), and finishes it with
 * the terminal event, the status and {@code finished_at} in one transaction.
 */
final class Workers implements AutoCloseable {
  private static final String CLAIM =
      "UPDATE engine_run_queue q SET lease_until = clock_timestamp() + interval '60 seconds'"
          + " FROM workflow_runs r"
          + " WHERE q.run_id = (SELECT run_id FROM engine_run_queue"
          + "   WHERE available_at <= clock_timestamp()"
          + "     AND (lease_until IS NULL OR lease_until < clock_timestamp())"
          + "   ORDER BY available_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
          + " AND r.id = q.run_id"
          + " RETURNING q.run_id, r.workflow_id, q.next_step, q.delay_pending, q.context::text, q.fault";

  private record Claim(
      UUID runId, UUID workflowId, int nextStep, boolean delayPending, ObjectNode context, String fault) {}

  private final DataSource db;
  private final WorkflowCatalog catalog;
  private final ObjectMapper json;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  Workers(DataSource db, WorkflowCatalog catalog, ObjectMapper json, int count) {
    this.db = db;
    this.catalog = catalog;
    this.json = json;
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(this::loop, "engine-worker-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  private void loop() {
    while (running) {
      try {
        Claim claim = claim();
        if (claim == null) {
          Thread.sleep(10); // idle: poll again shortly; a queue hit is served at once
        } else {
          execute(claim);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (running) {
          System.err.println("engine: worker error: " + e.getMessage());
          sleepQuietly(200);
        }
      }
    }
  }

  private Claim claim() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(CLAIM);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      try {
        return new Claim(
            rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class),
            rs.getInt(3),
            rs.getBoolean(4),
            (ObjectNode) json.readTree(rs.getString(5)),
            rs.getString(6));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("unreadable run context", e);
      }
    }
  }

  private void execute(Claim claim) throws SQLException {
    Workflow workflow = catalog.byId(claim.workflowId());
    List<Step> steps = workflow.steps();
    ObjectNode context = claim.context();
    boolean forceFail = FaultMode.FAIL_STEP.flag().equals(claim.fault());
    try (Connection c = db.getConnection()) {
      for (int i = claim.nextStep(); i < steps.size(); i++) {
        Step step = steps.get(i);
        if (i == claim.nextStep() && claim.delayPending()) {
          event(c, claim.runId(), "step_succeeded", stepPayload(i, step).put("waitedMs", step.ms()));
          continue;
        }
        event(c, claim.runId(), "step_started", stepPayload(i, step));
        if (forceFail) {
          event(c, claim.runId(), "step_failed", stepPayload(i, step).put("error", "injected fault: fail-step"));
          finish(c, claim.runId(), "failed", "run_failed", failure(i, "injected fault: fail-step"));
          return;
        }
        switch (step.type()) {
          case "transform" -> {
            context.setAll(step.set().deepCopy());
            ObjectNode done = stepPayload(i, step);
            done.set("output", step.set());
            event(c, claim.runId(), "step_succeeded", done);
          }
          case "fail" -> {
            if (step.when() == null || context.path("input").path(step.when()).asBoolean(false)) {
              String why = step.when() == null ? "fail step" : "input field '" + step.when() + "' is true";
              event(c, claim.runId(), "step_failed", stepPayload(i, step).put("error", why));
              finish(c, claim.runId(), "failed", "run_failed", failure(i, why));
              return;
            }
            event(c, claim.runId(), "step_succeeded", stepPayload(i, step));
          }
          case "delay" -> {
            handBack(c, claim.runId(), i, context, step.ms());
            return;
          }
          default -> throw new IllegalStateException("unknown step type " + step.type());
        }
      }
      ObjectNode completed = json.createObjectNode();
      completed.set("output", context);
      if (FaultMode.BAD_EVENT_LOG.flag().equals(claim.fault())) {
        finish(c, claim.runId(), "succeeded", null, null); // the terminal event is lost on purpose
      } else {
        finish(c, claim.runId(), "succeeded", "run_completed", completed);
      }
    }
  }

  private ObjectNode stepPayload(int index, Step step) {
    return json.createObjectNode().put("step", index).put("type", step.type());
  }

  private ObjectNode failure(int index, String error) {
    return json.createObjectNode().put("step", index).put("error", error);
  }

  private void event(Connection c, UUID runId, String type, JsonNode payload) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO workflow_events (run_id, type, payload) VALUES (?, ?, ?::jsonb)")) {
      ps.setObject(1, runId);
      ps.setString(2, type);
      ps.setString(3, payload.toString());
      ps.executeUpdate();
    }
  }

  private void handBack(Connection c, UUID runId, int step, ObjectNode context, long delayMs)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE engine_run_queue SET next_step = ?, delay_pending = true, context = ?::jsonb,"
                + " available_at = clock_timestamp() + (? * interval '1 millisecond'), lease_until = NULL"
                + " WHERE run_id = ?")) {
      ps.setInt(1, step);
      ps.setString(2, context.toString());
      ps.setLong(3, delayMs);
      ps.setObject(4, runId);
      ps.executeUpdate();
    }
  }

  /** Terminal event, status and finished_at, and the queue entry gone, all in one commit. */
  private void finish(Connection c, UUID runId, String status, String eventType, JsonNode payload)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      if (eventType != null) {
        event(c, runId, eventType, payload);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE workflow_runs SET status = ?, finished_at = clock_timestamp() WHERE id = ?")) {
        ps.setString(1, status);
        ps.setObject(2, runId);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM engine_run_queue WHERE run_id = ?")) {
        ps.setObject(1, runId);
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
