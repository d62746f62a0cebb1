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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Threads that execute queued runs, safe against crashes. A worker claims one run with
 * {@code FOR UPDATE SKIP LOCKED} and a lease (with a fresh token). Each step's completion is one
 * transaction that writes its event and advances the run's progress, guarded by the token; so after
 * a crash a re-claim resumes at the first unfinished step, a step that had started shows a second
 * {@code step_started} marked {@code restarted}, and no step ever succeeds twice. A delay hands the
 * run back to the queue with a later {@code available_at} instead of holding a thread.
 */
final class Workers implements AutoCloseable {
  private static final String CLAIM =
      "UPDATE engine_run_queue q SET lease_until = clock_timestamp() + (? * interval '1 millisecond'), lease_token = ?"
          + " FROM workflow_runs r"
          + " WHERE q.run_id = (SELECT run_id FROM engine_run_queue"
          + "   WHERE available_at <= clock_timestamp()"
          + "     AND (lease_until IS NULL OR lease_until < clock_timestamp())"
          + "   ORDER BY available_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
          + " AND r.id = q.run_id"
          + " RETURNING q.run_id, r.workflow_id, q.next_step, q.delay_pending, q.started_step, q.context::text, q.fault";

  private record Claim(UUID runId, UUID token, UUID workflowId, int nextStep, boolean delayPending, int startedStep,
      ObjectNode context, String fault) {}

  /** The lease was taken over by another worker: this one must stop touching the run. */
  private static final class LeaseLost extends Exception {
    LeaseLost(UUID runId) {
      super("lease on run " + runId + " was lost", null, false, false);
    }
  }

  private final DataSource db;
  private final WorkflowCatalog catalog;
  private final ObjectMapper json;
  private final EngineMetrics metrics;
  private final Duration lease;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  Workers(DataSource db, WorkflowCatalog catalog, ObjectMapper json, EngineMetrics metrics, int count, Duration lease) {
    this.db = db;
    this.catalog = catalog;
    this.json = json;
    this.metrics = metrics;
    this.lease = lease;
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
      } catch (LeaseLost e) {
        // another worker owns the run now; it resumes from the last committed step
      } catch (Exception e) {
        if (running) {
          System.err.println("engine: worker error: " + e.getMessage());
          sleepQuietly(200);
        }
      }
    }
  }

  private Claim claim() throws SQLException {
    UUID token = UUID.randomUUID();
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
      ps.setLong(1, lease.toMillis());
      ps.setObject(2, token);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        try {
          return new Claim(rs.getObject(1, UUID.class), token, rs.getObject(2, UUID.class), rs.getInt(3), rs.getBoolean(4),
              rs.getInt(5), (ObjectNode) json.readTree(rs.getString(6)), rs.getString(7));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException("unreadable run context", e);
        }
      }
    }
  }

  private void execute(Claim claim) throws SQLException, LeaseLost {
    Workflow workflow = catalog.byId(claim.workflowId());
    List<Step> steps = workflow.steps();
    ObjectNode context = claim.context();
    boolean forceFail = FaultMode.FAIL_STEP.flag().equals(claim.fault());
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (int i = claim.nextStep(); i < steps.size(); i++) {
          Step step = steps.get(i);
          if (i == claim.nextStep() && claim.delayPending()) {
            complete(c, claim, i, stepPayload(i, step).put("waitedMs", step.ms()), context);
            continue;
          }
          long started = System.nanoTime();
          ObjectNode start = stepPayload(i, step);
          if (i == claim.startedStep()) {
            start.put("restarted", true); // an earlier attempt started this step and never finished it
          }
          event(c, claim.runId(), "step_started", start);
          progress(c, claim, "started_step = ?", i);
          c.commit();
          if (forceFail) {
            fail(c, claim, i, step, "injected fault: fail-step");
            return;
          }
          switch (step.type()) {
            case "transform" -> {
              context.setAll(step.set().deepCopy());
              ObjectNode done = stepPayload(i, step);
              done.set("output", step.set());
              complete(c, claim, i, done, context);
            }
            case "fail" -> {
              if (step.when() == null || context.path("input").path(step.when()).asBoolean(false)) {
                fail(c, claim, i, step, step.when() == null ? "fail step" : "input field '" + step.when() + "' is true");
                return;
              }
              complete(c, claim, i, stepPayload(i, step), context);
            }
            case "delay" -> {
              handBack(c, claim, i, context, step.ms());
              return;
            }
            default -> throw new IllegalStateException("unknown step type " + step.type());
          }
          metrics.step(step.type(), System.nanoTime() - started);
        }
        ObjectNode completed = json.createObjectNode();
        completed.set("output", context);
        boolean badLog = FaultMode.BAD_EVENT_LOG.flag().equals(claim.fault());
        // bad-event-log: the terminal event is lost on purpose
        finish(c, claim, "succeeded", badLog ? null : "run_completed", completed);
      } catch (SQLException | LeaseLost | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private ObjectNode stepPayload(int index, Step step) {
    return json.createObjectNode().put("step", index).put("type", step.type());
  }

  /** The step's success and the run's progress past it, in one commit. */
  private void complete(Connection c, Claim claim, int index, ObjectNode payload, ObjectNode context) throws SQLException, LeaseLost {
    event(c, claim.runId(), "step_succeeded", payload);
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE engine_run_queue SET next_step = ?, delay_pending = false, started_step = -1, context = ?::jsonb"
            + " WHERE run_id = ? AND lease_token = ?")) {
      ps.setInt(1, index + 1);
      ps.setString(2, context.toString());
      ps.setObject(3, claim.runId());
      ps.setObject(4, claim.token());
      requireLease(ps.executeUpdate(), claim);
    }
    c.commit();
  }

  private void fail(Connection c, Claim claim, int index, Step step, String why) throws SQLException, LeaseLost {
    event(c, claim.runId(), "step_failed", stepPayload(index, step).put("error", why));
    finish(c, claim, "failed", "run_failed", json.createObjectNode().put("step", index).put("error", why));
  }

  private void progress(Connection c, Claim claim, String set, int value) throws SQLException, LeaseLost {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE engine_run_queue SET " + set + " WHERE run_id = ? AND lease_token = ?")) {
      ps.setInt(1, value);
      ps.setObject(2, claim.runId());
      ps.setObject(3, claim.token());
      requireLease(ps.executeUpdate(), claim);
    }
  }

  private void event(Connection c, UUID runId, String type, JsonNode payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO workflow_events (run_id, type, payload) VALUES (?, ?, ?::jsonb)")) {
      ps.setObject(1, runId);
      ps.setString(2, type);
      ps.setString(3, payload.toString());
      ps.executeUpdate();
    }
  }

  private void handBack(Connection c, Claim claim, int step, ObjectNode context, long delayMs) throws SQLException, LeaseLost {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE engine_run_queue SET next_step = ?, delay_pending = true, started_step = -1, context = ?::jsonb,"
            + " available_at = clock_timestamp() + (? * interval '1 millisecond'), lease_until = NULL, lease_token = NULL"
            + " WHERE run_id = ? AND lease_token = ?")) {
      ps.setInt(1, step);
      ps.setString(2, context.toString());
      ps.setLong(3, delayMs);
      ps.setObject(4, claim.runId());
      ps.setObject(5, claim.token());
      requireLease(ps.executeUpdate(), claim);
    }
    c.commit();
  }

  /** Terminal event, status and finished_at, and the queue entry gone, all in one commit. */
  private void finish(Connection c, Claim claim, String status, String eventType, JsonNode payload) throws SQLException, LeaseLost {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM engine_run_queue WHERE run_id = ? AND lease_token = ?")) {
      ps.setObject(1, claim.runId());
      ps.setObject(2, claim.token());
      requireLease(ps.executeUpdate(), claim);
    }
    if (eventType != null) {
      event(c, claim.runId(), eventType, payload);
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE workflow_runs SET status = ?, finished_at = clock_timestamp() WHERE id = ?")) {
      ps.setString(1, status);
      ps.setObject(2, claim.runId());
      ps.executeUpdate();
    }
    c.commit();
    metrics.run(status);
  }

  private static void requireLease(int updated, Claim claim) throws LeaseLost {
    if (updated != 1) {
      throw new LeaseLost(claim.runId());
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
