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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Threads that execute queued runs, safe against crashes and cheap in commits.
 *
 * <p>A worker claims up to {@value #BATCH} runs in one transaction ({@code FOR UPDATE SKIP LOCKED},
 * with a lease and a fresh token) and, in that same transaction, runs each one's synchronous steps
 * (transform, branch, terminate, fail, a finished delay) until the run ends, reaches a delay (handed
 * back to the queue with a later {@code available_at}) or reaches an {@code http_call}. One commit
 * then records all of it. A crash before that commit loses those steps whole, so they run again and
 * are logged once: no step ever succeeds twice. An {@code http_call}'s {@code step_started} is
 * committed before the call, so a call cut short by a crash is started again visibly
 * ({@code "restarted": true}); after the call, the run goes on in a transaction of its own, every
 * write guarded by the lease token.
 */
final class Workers implements AutoCloseable {
  static final int BATCH = 16;

  private static final String CLAIM =
      "UPDATE engine_run_queue q SET lease_until = clock_timestamp() + (? * interval '1 millisecond'), lease_token = ?"
          + " FROM workflow_runs r"
          + " WHERE q.run_id IN (SELECT run_id FROM engine_run_queue"
          + "   WHERE available_at <= clock_timestamp()"
          + "     AND (lease_until IS NULL OR lease_until < clock_timestamp())"
          + "   ORDER BY available_at LIMIT ? FOR UPDATE SKIP LOCKED)"
          + " AND r.id = q.run_id"
          + " RETURNING q.run_id, r.workflow_id, q.next_step, q.delay_pending, q.started_step, q.context::text, q.fault";

  /** A claimed run, advanced in memory and written by {@link Tx}. */
  private static final class Run {
    final UUID id;
    final UUID token;
    final Workflow workflow;
    final String fault;
    int next;
    boolean delayPending;
    int startedStep;
    ObjectNode context;

    Run(UUID id, UUID token, Workflow workflow, int next, boolean delayPending, int startedStep, ObjectNode context, String fault) {
      this.id = id;
      this.token = token;
      this.workflow = workflow;
      this.next = next;
      this.delayPending = delayPending;
      this.startedStep = startedStep;
      this.context = context;
      this.fault = fault;
    }
  }

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
  private final Consumer<UUID> published;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  Workers(DataSource db, WorkflowCatalog catalog, ObjectMapper json, EngineMetrics metrics, HttpCaller http, int count, Duration lease,
      Consumer<UUID> published) {
    this.db = db;
    this.catalog = catalog;
    this.json = json;
    this.metrics = metrics;
    this.http = http;
    this.lease = lease;
    this.published = published;
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
        if (!work()) {
          // Idle: wait for a wake-up from the intake, or poll again soon for delayed runs.
          LockSupport.parkNanos(10_000_000L);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (running) {
          System.err.println("engine: worker error: " + e.getMessage());
          LockSupport.parkNanos(200_000_000L);
        }
      }
    }
  }

  /** One batch: claim, run the synchronous parts in one commit, then the runs waiting on a call. */
  private boolean work() throws SQLException, InterruptedException {
    List<Run> awaitingCall = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      Tx tx = new Tx(c);
      try {
        List<Run> claimed = claim(c);
        if (claimed.isEmpty()) {
          c.rollback();
          return false;
        }
        for (Run run : claimed) {
          if (advance(tx, run)) {
            awaitingCall.add(run);
          }
        }
        tx.commit();
      } catch (LeaseLost e) {
        c.rollback(); // another worker owns one of the runs now; all of them are claimed again later
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      for (Run run : awaitingCall) {
        callAndContinue(c, run);
      }
    }
    return true;
  }

  private List<Run> claim(Connection c) throws SQLException {
    UUID token = UUID.randomUUID();
    List<Run> runs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
      ps.setLong(1, lease.toMillis());
      ps.setObject(2, token);
      ps.setInt(3, BATCH);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            runs.add(new Run(rs.getObject(1, UUID.class), token, catalog.byId(rs.getObject(2, UUID.class)), rs.getInt(3),
                rs.getBoolean(4), rs.getInt(5), (ObjectNode) json.readTree(rs.getString(6)), rs.getString(7)));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable run context", e);
          }
        }
      }
    }
    return runs;
  }

  /** The http_call the run waits on, then the rest of the run, one transaction per call. */
  private void callAndContinue(Connection c, Run run) throws SQLException, InterruptedException {
    boolean again = true;
    while (again) {
      int i = run.next;
      HttpCall step = (HttpCall) run.workflow.steps().get(i);
      long started = System.nanoTime();
      HttpCaller.Outcome outcome = http.call(step, run.id, step.body().search(run.context));
      Tx tx = new Tx(c);
      try {
        if (!outcome.ok()) {
          fail(tx, run, i, step, outcome.toJson(json), outcome.error());
          again = false;
        } else {
          ObjectNode done = payload(i, step);
          done.set("response", outcome.toJson(json));
          if (step.saveAs() != null) {
            done.putObject("set").set(step.saveAs(), outcome.body());
            run.context.set(step.saveAs(), outcome.body());
          }
          tx.event(run, "step_succeeded", done);
          run.next = i + 1;
          run.startedStep = -1;
          metrics.step(step.type(), System.nanoTime() - started);
          again = advance(tx, run);
        }
        tx.commit();
      } catch (SQLException | LeaseLost e) {
        c.rollback();
        return; // the lease holder, or a later claim, carries the run on from its last commit
      }
    }
  }

  /**
   * Runs the synchronous steps from {@code run.next} inside {@code tx}. Returns true when the run
   * stops at an http_call (its step_started written), false when it finished or was handed back.
   */
  private boolean advance(Tx tx, Run run) throws SQLException, LeaseLost {
    List<Step> steps = run.workflow.steps();
    boolean forceFail = FaultMode.FAIL_STEP.flag().equals(run.fault);
    while (run.next < steps.size()) {
      int i = run.next;
      Step step = steps.get(i);
      if (run.delayPending) {
        tx.event(run, "step_succeeded", payload(i, step).put("waitedMs", ((Delay) step).ms()));
        run.delayPending = false;
        run.next = i + 1;
        continue;
      }
      long started = System.nanoTime();
      ObjectNode start = payload(i, step);
      if (i == run.startedStep) {
        start.put("restarted", true); // an earlier attempt started this step and never finished it
      }
      tx.event(run, "step_started", start);
      if (forceFail) {
        fail(tx, run, i, step, json.createObjectNode(), "injected fault: fail-step");
        return false;
      }
      int next = i + 1;
      ObjectNode done = payload(i, step);
      // instanceof, not a pattern switch: Java 17 has those only as a preview
      if (step instanceof HttpCall) {
        run.startedStep = i;
        tx.progress(run);
        return true;
      } else if (step instanceof Delay d) {
        tx.handBack(run, i, d.ms());
        return false;
      } else if (step instanceof Transform t) {
        ObjectNode set = done.putObject("set");
        t.set().forEach((field, expression) -> set.set(field, expression.search(run.context)));
        run.context.setAll(set);
      } else if (step instanceof Branch b) {
        next = b.otherwise();
        for (Case option : b.cases()) {
          if (WorkflowDefinition.JMESPATH.isTruthy(option.when().search(run.context))) {
            next = option.target();
            break;
          }
        }
        done.put("goto", steps.get(next).id());
      } else if (step instanceof Terminate t) {
        if (!t.success()) {
          fail(tx, run, i, step, json.createObjectNode(), t.error());
          return false;
        }
        next = steps.size();
      } else if (step instanceof Fail f) {
        if (f.when() == null || WorkflowDefinition.JMESPATH.isTruthy(f.when().search(run.context))) {
          fail(tx, run, i, step, json.createObjectNode(), f.when() == null ? "fail step" : "condition '" + f.whenText() + "' holds");
          return false;
        }
      }
      tx.event(run, "step_succeeded", done);
      run.next = next;
      run.startedStep = -1;
      metrics.step(step.type(), System.nanoTime() - started);
    }
    ObjectNode completed = json.createObjectNode();
    completed.set("output", run.context);
    // bad-event-log: the terminal event is lost on purpose
    tx.finish(run, "succeeded", FaultMode.BAD_EVENT_LOG.flag().equals(run.fault) ? null : "run_completed", completed);
    return false;
  }

  private ObjectNode payload(int index, Step step) {
    return json.createObjectNode().put("step", index).put("id", step.id()).put("type", step.type());
  }

  private void fail(Tx tx, Run run, int index, Step step, ObjectNode details, String why) throws SQLException, LeaseLost {
    ObjectNode failed = payload(index, step).put("error", why);
    failed.setAll(details);
    tx.event(run, "step_failed", failed);
    tx.finish(run, "failed", "run_failed", json.createObjectNode().put("step", index).put("error", why));
  }

  private static void requireLease(int updated, Run run) throws LeaseLost {
    if (updated != 1) {
      throw new LeaseLost(run.id);
    }
  }

  /**
   * The writes of one transaction: events batched (inserted in order at commit), queue and run
   * updates at once, each guarded by the run's lease token. After the commit, live-log followers
   * of every run touched are told.
   */
  private final class Tx {
    private final Connection c;
    private final List<Object[]> events = new ArrayList<>();
    private final Set<UUID> touched = new LinkedHashSet<>();
    private final List<String> finished = new ArrayList<>();
    private final List<Run> finishedRuns = new ArrayList<>();

    Tx(Connection c) {
      this.c = c;
    }

    void event(Run run, String type, JsonNode payload) {
      events.add(new Object[] {run.id, type, payload.toString()});
      touched.add(run.id);
    }

    /** Keeps the run's lease and records where it stands (before an http_call). */
    void progress(Run run) throws SQLException, LeaseLost {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE engine_run_queue SET next_step = ?, delay_pending = false, started_step = ?, context = ?::jsonb"
              + " WHERE run_id = ? AND lease_token = ?")) {
        ps.setInt(1, run.next);
        ps.setInt(2, run.startedStep);
        ps.setString(3, run.context.toString());
        ps.setObject(4, run.id);
        ps.setObject(5, run.token);
        requireLease(ps.executeUpdate(), run);
      }
    }

    void handBack(Run run, int step, long delayMs) throws SQLException, LeaseLost {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE engine_run_queue SET next_step = ?, delay_pending = true, started_step = -1, context = ?::jsonb,"
              + " available_at = clock_timestamp() + (? * interval '1 millisecond'), lease_until = NULL, lease_token = NULL"
              + " WHERE run_id = ? AND lease_token = ?")) {
        ps.setInt(1, step);
        ps.setString(2, run.context.toString());
        ps.setLong(3, delayMs);
        ps.setObject(4, run.id);
        ps.setObject(5, run.token);
        requireLease(ps.executeUpdate(), run);
      }
    }

    /**
     * Terminal event, status and finished_at, and the queue entry gone, in this transaction. The
     * queue deletes and status updates of all runs finished in it go in two statements at commit.
     */
    void finish(Run run, String status, String eventType, JsonNode payload) {
      if (eventType != null) {
        event(run, eventType, payload);
      }
      touched.add(run.id);
      finishedRuns.add(run);
      finished.add(status);
    }

    void commit() throws SQLException, LeaseLost {
      if (!finishedRuns.isEmpty()) {
        UUID[] ids = finishedRuns.stream().map(r -> r.id).toArray(UUID[]::new);
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM engine_run_queue q USING unnest(?::uuid[], ?::uuid[]) AS f(run_id, token)"
                + " WHERE q.run_id = f.run_id AND q.lease_token = f.token")) {
          ps.setArray(1, c.createArrayOf("uuid", ids));
          ps.setArray(2, c.createArrayOf("uuid", finishedRuns.stream().map(r -> r.token).toArray(UUID[]::new)));
          if (ps.executeUpdate() != ids.length) {
            throw new LeaseLost(ids[0]); // some run's lease was taken over: none of this batch is recorded
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE workflow_runs r SET status = f.status, finished_at = clock_timestamp()"
                + " FROM unnest(?::uuid[], ?::text[]) AS f(id, status) WHERE r.id = f.id")) {
          ps.setArray(1, c.createArrayOf("uuid", ids));
          ps.setArray(2, c.createArrayOf("text", finished.toArray(String[]::new)));
          ps.executeUpdate();
        }
      }
      if (!events.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO workflow_events (run_id, type, payload) VALUES (?, ?, ?::jsonb)")) {
          for (Object[] e : events) {
            ps.setObject(1, e[0]);
            ps.setString(2, (String) e[1]);
            ps.setString(3, (String) e[2]);
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      c.commit();
      finished.forEach(metrics::run);
      touched.forEach(published);
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
