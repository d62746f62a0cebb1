package dev.meshhook.load.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.target.WorkflowCatalog.Workflow;
import dev.meshhook.load.target.WorkflowDefinition.Branch;
import dev.meshhook.load.target.WorkflowDefinition.Case;
import dev.meshhook.load.target.WorkflowDefinition.Delay;
import dev.meshhook.load.target.WorkflowDefinition.Fail;
import dev.meshhook.load.target.WorkflowDefinition.HttpCall;
import dev.meshhook.load.target.WorkflowDefinition.Step;
import dev.meshhook.load.target.WorkflowDefinition.Terminate;
import dev.meshhook.load.target.WorkflowDefinition.Transform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
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
  private final HttpCaller http;
  private final Duration lease;
  private final java.util.function.Consumer<UUID> published;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  Workers(DataSource db, WorkflowCatalog catalog, ObjectMapper json, EngineMetrics metrics, HttpCaller http, int count, Duration lease,
      java.util.function.Consumer<UUID> published) {
    this.published = published;
    this.db = db;
    this.catalog = catalog;
    this.json = json;
    this.metrics = metrics;
    this.http = http;
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

  /** Wakes idle workers at once, e.g. when a run was just queued. */
  void wake() {
    threads.forEach(LockSupport::unpark);
  }

  private void loop() {
    while (running) {
      try {
        Claim claim = claim();
        if (claim == null) {
          // Idle: wait for a wake-up from the intake, or poll again soon for delayed runs.
          LockSupport.parkNanos(10_000_000L);
          if (Thread.interrupted() && !running) {
            return;
          }
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
          LockSupport.parkNanos(200_000_000L);
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

  private void execute(Claim claim) throws SQLException, LeaseLost, InterruptedException {
    Workflow workflow = catalog.byId(claim.workflowId());
    List<Step> steps = workflow.steps();
    ObjectNode context = claim.context();
    boolean forceFail = FaultMode.FAIL_STEP.flag().equals(claim.fault());
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        int i = claim.nextStep();
        while (i < steps.size()) {
          Step step = steps.get(i);
          if (i == claim.nextStep() && claim.delayPending()) {
            complete(c, claim, i, payload(i, step).put("waitedMs", ((Delay) step).ms()), context, i + 1);
            i++;
            continue;
          }
          long started = System.nanoTime();
          ObjectNode start = payload(i, step);
          if (i == claim.startedStep()) {
            start.put("restarted", true); // an earlier attempt started this step and never finished it
          }
          event(c, claim.runId(), "step_started", start);
          progress(c, claim, i);
          commit(c, claim);
          if (forceFail) {
            fail(c, claim, i, step, json.createObjectNode(), "injected fault: fail-step");
            return;
          }
          int next = i + 1;
          ObjectNode done = payload(i, step);
          // instanceof, not a pattern switch: Java 17 has those only as a preview
          if (step instanceof Transform t) {
            ObjectNode set = done.putObject("set");
            t.set().forEach((field, expression) -> set.set(field, expression.search(context)));
            context.setAll(set);
          } else if (step instanceof Branch b) {
            next = b.otherwise();
            for (Case option : b.cases()) {
              if (WorkflowDefinition.JMESPATH.isTruthy(option.when().search(context))) {
                next = option.target();
                break;
              }
            }
            done.put("goto", steps.get(next).id());
          } else if (step instanceof HttpCall h) {
            HttpCaller.Outcome outcome = http.call(h, claim.runId(), h.body().search(context));
            if (!outcome.ok()) {
              fail(c, claim, i, step, outcome.toJson(json), outcome.error());
              return;
            }
            done.set("response", outcome.toJson(json));
            if (h.saveAs() != null) {
              done.putObject("set").set(h.saveAs(), outcome.body());
              context.set(h.saveAs(), outcome.body());
            }
          } else if (step instanceof Delay d) {
            handBack(c, claim, i, context, d.ms());
            return;
          } else if (step instanceof Terminate t) {
            if (!t.success()) {
              fail(c, claim, i, step, json.createObjectNode(), t.error());
              return;
            }
            next = steps.size();
          } else if (step instanceof Fail f) {
            if (f.when() == null || WorkflowDefinition.JMESPATH.isTruthy(f.when().search(context))) {
              fail(c, claim, i, step, json.createObjectNode(), f.when() == null ? "fail step" : "condition '" + f.whenText() + "' holds");
              return;
            }
          }
          complete(c, claim, i, done, context, next);
          metrics.step(step.type(), System.nanoTime() - started);
          i = next;
        }
        ObjectNode completed = json.createObjectNode();
        completed.set("output", context);
        boolean badLog = FaultMode.BAD_EVENT_LOG.flag().equals(claim.fault());
        // bad-event-log: the terminal event is lost on purpose
        finish(c, claim, "succeeded", badLog ? null : "run_completed", completed);
      } catch (SQLException | LeaseLost | RuntimeException | InterruptedException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private ObjectNode payload(int index, Step step) {
    return json.createObjectNode().put("step", index).put("id", step.id()).put("type", step.type());
  }

  /** The step's success and the run's progress past it, in one commit. */
  private void complete(Connection c, Claim claim, int index, ObjectNode payload, ObjectNode context, int next)
      throws SQLException, LeaseLost {
    event(c, claim.runId(), "step_succeeded", payload);
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE engine_run_queue SET next_step = ?, delay_pending = false, started_step = -1, context = ?::jsonb"
            + " WHERE run_id = ? AND lease_token = ?")) {
      ps.setInt(1, next);
      ps.setString(2, context.toString());
      ps.setObject(3, claim.runId());
      ps.setObject(4, claim.token());
      requireLease(ps.executeUpdate(), claim);
    }
    commit(c, claim);
  }

  private void fail(Connection c, Claim claim, int index, Step step, ObjectNode details, String why) throws SQLException, LeaseLost {
    ObjectNode failed = payload(index, step).put("error", why);
    failed.setAll(details);
    event(c, claim.runId(), "step_failed", failed);
    finish(c, claim, "failed", "run_failed", json.createObjectNode().put("step", index).put("error", why));
  }

  private void progress(Connection c, Claim claim, int startedStep) throws SQLException, LeaseLost {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE engine_run_queue SET started_step = ? WHERE run_id = ? AND lease_token = ?")) {
      ps.setInt(1, startedStep);
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
    commit(c, claim);
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
    commit(c, claim);
    metrics.run(status);
  }

  /** Commits, then tells live-log followers of the run that there is more to read. */
  private void commit(Connection c, Claim claim) throws SQLException {
    c.commit();
    published.accept(claim.runId());
  }

  private static void requireLease(int updated, Claim claim) throws LeaseLost {
    if (updated != 1) {
      throw new LeaseLost(claim.runId());
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
