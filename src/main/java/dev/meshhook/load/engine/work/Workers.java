package dev.meshhook.load.engine.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.engine.metrics.EngineMetrics;
import dev.meshhook.load.engine.store.SqlArrays;
import dev.meshhook.load.engine.workflow.EngineDialect;
import dev.meshhook.load.engine.workflow.WorkflowCatalog;
import dev.meshhook.load.engine.workflow.WorkflowCatalog.Workflow;
import dev.meshhook.load.engine.workflow.WorkflowDefinition;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Branch;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Case;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Delay;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Fail;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.HttpCall;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Step;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Terminate;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Transform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Threads that execute queued runs, safe against crashes and cheap in commits.
 *
 * <p>A worker claims up to {@value #BATCH} runs in one transaction ({@code FOR UPDATE SKIP LOCKED},
 * with a lease and a fresh token) and, in that same transaction, runs each one's synchronous steps
 * (transform, branch, terminate, fail, a finished delay) until the run ends, reaches a delay
 * (handed back to the queue with a later {@code available_at}) or reaches an {@code http_call}. One
 * statement and one commit then record all of it: three round trips a batch (claim, record,
 * commit), because on a small machine the round trips, not the SQL, are what a run costs. A crash
 * before that commit loses those steps whole, so they run again and are logged once: no step ever
 * succeeds twice. An {@code http_call}'s {@code step_started} is committed before the call, so a
 * call cut short by a crash is started again visibly ({@code "restarted": true}); after the call,
 * the run goes on in a transaction of its own, every write guarded by the lease token.
 */
public final class Workers implements AutoCloseable {
  static final int BATCH = 16;
  private static final long ENGINE_PID = ProcessHandle.current().pid();

  // The rows to claim are picked and locked once, in a materialized CTE. Written as
  // "q.run_id IN (SELECT ... LIMIT ? FOR UPDATE SKIP LOCKED)", the planner may rescan the subquery
  // for every queue row: with 14,000 runs queued every claim then took seconds, waiting on the lock
  // manager, and runs waited 40 s for their first step.
  private static final String CLAIM =
      "WITH picked AS MATERIALIZED (SELECT run_id FROM engine_run_queue"
          + "   WHERE available_at <= clock_timestamp()"
          + "     AND (lease_until IS NULL OR lease_until < clock_timestamp())"
          + "   ORDER BY available_at LIMIT ? FOR UPDATE SKIP LOCKED)"
          + " UPDATE engine_run_queue q SET lease_until = clock_timestamp() + (? * interval '1 millisecond'), lease_token = ?"
          + " FROM picked, workflow_runs r"
          + " WHERE q.run_id = picked.run_id AND r.id = q.run_id"
          + " RETURNING q.run_id, r.workflow_id, q.next_step, q.delay_pending, q.started_step, q.context::text, q.fault";

  // The no-skip-locked fault's claim: the runs are picked without a lock (no FOR UPDATE, let alone
  // SKIP LOCKED) and taken without looking at their lease again. Two claims that picked the same
  // run both take it: the second waits for the first's commit and then overwrites its lease. (A
  // first cut that took every lease, running or not, was a livelock: each poll took over every
  // call in flight, and 143 of 162 runs never finished.)
  // The claim also stays open for 10 ms after it picks (a pause a busy database gives anyway):
  // another claim in that time picks the same run. Without it the race needed two claims within
  // the same millisecond or two, and one run in CI of 243 runs had none (0 doubled steps).
  private static final String CLAIM_IGNORING_LEASES =
      CLAIM
          .replace(
              " FOR UPDATE SKIP LOCKED)",
              "), nap AS MATERIALIZED (SELECT 1 AS slept FROM pg_sleep(0.01))")
          .replace(" FROM picked, workflow_runs r", " FROM picked, workflow_runs r, nap");

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

    Run(
        UUID id,
        UUID token,
        Workflow workflow,
        int next,
        boolean delayPending,
        int startedStep,
        ObjectNode context,
        String fault) {
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

  private final DataSource db;
  private final WorkflowCatalog catalog;
  private final ObjectMapper json;
  private final EngineMetrics metrics;
  private final HttpCaller http;
  private final Duration lease;
  private final Consumer<UUID> published;
  private final EventShapes shapes;
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedDeque<Thread> idle = new ConcurrentLinkedDeque<>();
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private volatile boolean running = true;
  // The no-skip-locked fault: see FaultMode.NO_SKIP_LOCKED.
  private final boolean ignoresLeases;

  public Workers(
      DataSource db,
      WorkflowCatalog catalog,
      ObjectMapper json,
      EngineMetrics metrics,
      HttpCaller http,
      int count,
      Duration lease,
      Consumer<UUID> published,
      EngineDialect dialect,
      boolean ignoresLeases) {
    this.shapes = EventShapes.of(dialect);
    this.ignoresLeases = ignoresLeases;
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
    metrics.watchWorkers(() -> count - idle.size(), count);
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  /**
   * Wakes one idle worker, e.g. when a run was just queued. One, not all: a commit of 30 webhooks
   * used to wake every worker, and seven of eight then claimed nothing, each at two round trips. A
   * wake-up not yet taken by its worker is not repeated; a worker that claims a full batch wakes
   * the next, so a backlog still gets every worker.
   */
  public void wake() {
    if (wakePending.compareAndSet(false, true)) {
      Thread t = idle.pollFirst();
      if (t != null) {
        LockSupport.unpark(t);
      } else {
        wakePending.set(false); // every worker is busy, and each claims again before it idles
      }
    }
  }

  private void loop() {
    Thread self = Thread.currentThread();
    // One worker polls for runs nobody wakes anyone for (a delay that ran out, an expired lease);
    // the others wait for a wake-up, and poll only as a safety net. Eight workers each polling
    // every 10 ms were 800 empty claims a second, two round trips each, on an idle engine.
    long idlePollNanos = self == threads.get(0) ? 10_000_000L : 1_000_000_000L;
    while (running) {
      try {
        wakePending.set(false);
        int claimed = work();
        if (claimed == BATCH) {
          wake();
        } else if (claimed == 0) {
          idle.addFirst(self);
          LockSupport.parkNanos(idlePollNanos);
          idle.remove(self);
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

  /**
   * One batch: claim, run the synchronous parts and record them in one commit, then the runs
   * waiting on a call. Returns how many runs it claimed.
   */
  private int work() throws SQLException, InterruptedException {
    List<Run> awaitingCall = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      List<Run> claimed;
      Set<UUID> landed;
      try {
        claimed = claim(c);
        if (claimed.isEmpty()) {
          c.rollback();
          return 0;
        }
        Tx tx = new Tx(c);
        for (Run run : claimed) {
          if (advance(tx, run)) {
            awaitingCall.add(run);
          }
        }
        landed = tx.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      c.setAutoCommit(true); // each call's outcome is one statement of its own
      // A run that did not land belongs to another worker now, which carries it on.
      List<Run> held =
          new ArrayList<>(awaitingCall.stream().filter(run -> landed.contains(run.id)).toList());
      while (!held.isEmpty()) {
        callAndContinue(c, held.remove(0), held);
      }
      return claimed.size();
    }
  }

  private List<Run> claim(Connection c) throws SQLException {
    UUID token = UUID.randomUUID();
    List<Run> runs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(ignoresLeases ? CLAIM_IGNORING_LEASES : CLAIM)) {
      // The fault's claims take one run each: several rows updated without a lock taken first, in
      // whatever order the join gives them, deadlocked claims by the dozen and left runs waiting
      // out 10 s statement timeouts behind them.
      ps.setInt(1, ignoresLeases ? 1 : BATCH);
      ps.setLong(2, lease.toMillis());
      ps.setObject(3, token);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            runs.add(
                new Run(
                    rs.getObject(1, UUID.class),
                    token,
                    catalog.byId(rs.getObject(2, UUID.class)),
                    rs.getInt(3),
                    rs.getBoolean(4),
                    rs.getInt(5),
                    (ObjectNode) json.readTree(rs.getString(6)),
                    rs.getString(7)));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable run context", e);
          }
        }
      }
    }
    return runs;
  }

  /**
   * The http_call the run waits on, then the rest of the run, one transaction per call. Before each
   * call, the leases of this run and of the runs still {@code waiting} behind it are renewed for
   * the call's longest time; one that was taken over meanwhile is dropped from {@code waiting}.
   */
  private void callAndContinue(Connection c, Run run, List<Run> waiting)
      throws SQLException, InterruptedException {
    boolean again = true;
    while (again) {
      int i = run.next;
      HttpCall step = (HttpCall) run.workflow.steps().get(i);
      Set<UUID> held = renewLeases(c, run, waiting, HttpCaller.longestMillis(step));
      waiting.removeIf(w -> !held.contains(w.id));
      if (!held.contains(run.id)) {
        return; // the lease was taken over: its holder carries the run on from its last commit
      }
      long started = System.nanoTime();
      HttpCaller.Outcome outcome = http.call(step, run.id, step.body().search(run.context));
      Tx tx = new Tx(c);
      shapes.attempts(i, step, outcome, (type, payload) -> tx.written(run, type, payload));
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
        if (ignoresLeases) {
          // The fault: the call's success is recorded whether or not this worker still holds the
          // run; a worker that took the run over meanwhile made the call again and records it too.
          Tx unguarded = new Tx(c);
          unguarded.event(run, "step_succeeded", done);
          unguarded.logWithoutLease();
        } else {
          tx.event(run, "step_succeeded", done);
        }
        run.next = i + 1;
        run.startedStep = -1;
        metrics.step(step.type(), System.nanoTime() - started);
        again = advance(tx, run);
      }
      try {
        if (!tx.commit().contains(run.id)) {
          return; // the lease was taken over: its holder carries the run on from its last commit
        }
      } catch (SQLException e) {
        return; // nothing of it was recorded: a later claim carries the run on from its last commit
      }
    }
  }

  /**
   * Extends the leases of {@code run} and {@code waiting} to the lease duration plus {@code
   * callMillis}; returns the runs whose lease this worker still held. Without it a call longer than
   * the lease (a slow endpoint, or calls queued behind one in the batch) is taken over while in
   * flight, made again by the next holder, taken over again, and the run never finishes.
   */
  private Set<UUID> renewLeases(Connection c, Run run, List<Run> waiting, long callMillis)
      throws SQLException {
    List<Run> runs = new ArrayList<>(waiting.size() + 1);
    runs.add(run);
    runs.addAll(waiting);
    Set<UUID> held = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(RENEW)) {
      ps.setLong(1, lease.toMillis() + callMillis);
      ps.setArray(2, SqlArrays.column(c, "uuid", runs, r -> r.id, UUID[]::new));
      ps.setArray(3, SqlArrays.column(c, "uuid", runs, r -> r.token, UUID[]::new));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          held.add(rs.getObject(1, UUID.class));
        }
      }
    }
    return held;
  }

  /**
   * Runs the synchronous steps from {@code run.next} inside {@code tx}. Returns true when the run
   * stops at an http_call (its step_started written), false when it finished or was handed back.
   */
  private boolean advance(Tx tx, Run run) {
    List<Step> steps = run.workflow.steps();
    boolean forceFail = FaultMode.FAIL_STEP.flag().equals(run.fault);
    while (run.next < steps.size()) {
      int i = run.next;
      Step step = steps.get(i);
      if (run.delayPending) {
        tx.event(run, "step_succeeded", payload(i, step).put("waitedMs", ((Delay) step).ms()));
        run.delayPending = false;
        run.next = following(run, i, i + 1);
        continue;
      }
      long started = System.nanoTime();
      ObjectNode start = payload(i, step);
      // Which engine process started the step: with several replicas, the runs a killed one held
      // can be told from the log, and so can who carried them on.
      start.put("enginePid", ENGINE_PID);
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
        if (f.when() == null
            || WorkflowDefinition.JMESPATH.isTruthy(f.when().search(run.context))) {
          fail(
              tx,
              run,
              i,
              step,
              json.createObjectNode(),
              f.when() == null ? "fail step" : "condition '" + f.whenText() + "' holds");
          return false;
        }
      }
      tx.event(run, "step_succeeded", done);
      run.next = following(run, i, next);
      run.startedStep = -1;
      metrics.step(step.type(), System.nanoTime() - started);
    }
    ObjectNode completed = json.createObjectNode();
    completed.set("output", run.context);
    // bad-event-log: the terminal event is lost on purpose
    tx.finish(
        run,
        "succeeded",
        FaultMode.BAD_EVENT_LOG.flag().equals(run.fault) ? null : "run_completed",
        completed);
    return false;
  }

  /**
   * The step after {@code index}: {@code next}, unless the skip-step fault skips the second step of
   * a run of three or more that goes straight on from its first.
   */
  private static int following(Run run, int index, int next) {
    boolean skips =
        FaultMode.SKIP_STEP.flag().equals(run.fault)
            && index == 0
            && next == 1
            && run.workflow.steps().size() >= 3;
    return skips ? 2 : next;
  }

  private ObjectNode payload(int index, Step step) {
    return json.createObjectNode().put("step", index).put("id", step.id()).put("type", step.type());
  }

  private void fail(Tx tx, Run run, int index, Step step, ObjectNode details, String why) {
    ObjectNode failed = payload(index, step).put("error", why);
    failed.setAll(details);
    tx.event(run, "step_failed", failed);
    tx.finish(
        run, "failed", "run_failed", json.createObjectNode().put("step", index).put("error", why));
  }

  // One statement records a transaction's writes. A run's queue row changes only where the run's
  // lease token still matches (deleted when finished, moved when it waits on a call or a delay);
  // its
  // status and events are written only if that change was made, so a worker whose lease was taken
  // over records nothing for that run, and the runs whose rows changed are returned.
  private static final String RENEW =
      "UPDATE engine_run_queue q SET lease_until = clock_timestamp() + (? * interval '1 millisecond')"
          + " FROM unnest(?::uuid[], ?::uuid[]) AS h(run_id, token)"
          + " WHERE q.run_id = h.run_id AND q.lease_token = h.token RETURNING q.run_id";

  private static final String RECORD =
      "WITH fin AS (DELETE FROM engine_run_queue q"
          + "   USING unnest(?::uuid[], ?::uuid[], ?::text[]) AS f(run_id, token, status)"
          + "   WHERE q.run_id = f.run_id AND q.lease_token = f.token RETURNING q.run_id, f.status),"
          + " mov AS (UPDATE engine_run_queue q SET next_step = m.next_step, delay_pending = m.delay_ms IS NOT NULL,"
          + "     started_step = m.started_step, context = m.context::jsonb,"
          + "     available_at = CASE WHEN m.delay_ms IS NULL THEN q.available_at"
          + "       ELSE clock_timestamp() + (m.delay_ms * interval '1 millisecond') END,"
          + "     lease_until = CASE WHEN m.delay_ms IS NULL THEN q.lease_until END,"
          + "     lease_token = CASE WHEN m.delay_ms IS NULL THEN q.lease_token END"
          + "   FROM unnest(?::uuid[], ?::uuid[], ?::int[], ?::int[], ?::text[], ?::bigint[])"
          + "     AS m(run_id, token, next_step, started_step, context, delay_ms)"
          + "   WHERE q.run_id = m.run_id AND q.lease_token = m.token RETURNING q.run_id),"
          + " landed AS (SELECT run_id FROM fin UNION ALL SELECT run_id FROM mov),"
          + " done AS (UPDATE workflow_runs r SET status = fin.status, finished_at = clock_timestamp()"
          + "   FROM fin WHERE r.id = fin.run_id),"
          + " logged AS (INSERT INTO workflow_events (run_id, type, payload)"
          + "   SELECT e.run_id, e.type, e.payload::jsonb"
          + "   FROM unnest(?::uuid[], ?::text[], ?::text[]) WITH ORDINALITY AS e(run_id, type, payload, n)"
          + "   WHERE e.run_id IN (SELECT run_id FROM landed) ORDER BY e.n)"
          + " SELECT run_id FROM landed";

  /**
   * The writes of one transaction, kept in memory and recorded by {@link #commit} in one statement.
   * After the commit, live-log followers of every run recorded are told.
   */
  private final class Tx {
    private record Event(UUID runId, String type, String payload) {}

    private record Finish(Run run, String status) {}

    /**
     * Where a run stands in the queue. {@code delayMs} null keeps the lease (before an http_call);
     * otherwise the run is handed back with its delay pending and its lease released.
     */
    private record Move(Run run, int next, int startedStep, String context, Long delayMs) {}

    private final Connection c;
    private final List<Event> events = new ArrayList<>();
    private final List<Finish> finished = new ArrayList<>();
    private final List<Move> moved = new ArrayList<>();

    Tx(Connection c) {
      this.c = c;
    }

    /** An event built in the reference shape, written in the engine's dialect. */
    void event(Run run, String type, ObjectNode payload) {
      shapes.write(
          type, payload, run.workflow.steps(), (shaped, body) -> written(run, shaped, body));
    }

    /** An event as it goes into the log. */
    void written(Run run, String type, JsonNode payload) {
      if (type.equals("step_succeeded") && FaultMode.UNREADABLE_STEP.flag().equals(run.fault)) {
        // Neither 'step' nor 'node': no dialect can tell which step succeeded.
        payload = json.createObjectNode().put("result", "ok");
      }
      events.add(new Event(run.id, type, payload.toString()));
    }

    /** Keeps the run's lease and records where it stands (before an http_call). */
    void progress(Run run) {
      moved.add(new Move(run, run.next, run.startedStep, run.context.toString(), null));
    }

    /** Hands the run back to the queue until its delay at {@code step} is over, lease released. */
    void handBack(Run run, int step, long delayMs) {
      moved.add(new Move(run, step, -1, run.context.toString(), delayMs));
    }

    /**
     * Terminal event (unless lost on purpose), status and finished_at, and the queue entry gone.
     */
    void finish(Run run, String status, String eventType, ObjectNode payload) {
      if (eventType != null) {
        event(run, eventType, payload);
      }
      finished.add(new Finish(run, status));
    }

    /**
     * The events alone, whoever holds the runs' leases, of runs not finished yet (the
     * no-skip-locked fault).
     */
    void logWithoutLease() throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO workflow_events (run_id, type, payload)"
                  + " SELECT e.run_id, e.type, e.payload::jsonb"
                  + " FROM unnest(?::uuid[], ?::text[], ?::text[]) WITH ORDINALITY"
                  + " AS e(run_id, type, payload, n)"
                  // Not after the run's end: the fault doubles a step, it does not break the log.
                  // The share lock waits for a holder finishing the run right now, whose terminal
                  // event has an id already: without it this one came after it.
                  + " WHERE EXISTS (SELECT 1 FROM engine_run_queue q WHERE q.run_id = e.run_id"
                  + " FOR SHARE)"
                  + " ORDER BY e.n")) {
        ps.setArray(1, SqlArrays.column(c, "uuid", events, Event::runId, UUID[]::new));
        ps.setArray(2, SqlArrays.column(c, "text", events, Event::type, String[]::new));
        ps.setArray(3, SqlArrays.column(c, "text", events, Event::payload, String[]::new));
        ps.executeUpdate();
      }
    }

    /**
     * Records everything in one statement, commits if in a transaction; returns the runs recorded.
     */
    Set<UUID> commit() throws SQLException {
      Set<UUID> landed = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement(RECORD)) {
        ps.setArray(1, SqlArrays.column(c, "uuid", finished, f -> f.run().id, UUID[]::new));
        ps.setArray(2, SqlArrays.column(c, "uuid", finished, f -> f.run().token, UUID[]::new));
        ps.setArray(3, SqlArrays.column(c, "text", finished, Finish::status, String[]::new));
        ps.setArray(4, SqlArrays.column(c, "uuid", moved, m -> m.run().id, UUID[]::new));
        ps.setArray(5, SqlArrays.column(c, "uuid", moved, m -> m.run().token, UUID[]::new));
        ps.setArray(6, SqlArrays.column(c, "int4", moved, Move::next, Integer[]::new));
        ps.setArray(7, SqlArrays.column(c, "int4", moved, Move::startedStep, Integer[]::new));
        ps.setArray(8, SqlArrays.column(c, "text", moved, Move::context, String[]::new));
        ps.setArray(9, SqlArrays.column(c, "int8", moved, Move::delayMs, Long[]::new));
        ps.setArray(10, SqlArrays.column(c, "uuid", events, Event::runId, UUID[]::new));
        ps.setArray(11, SqlArrays.column(c, "text", events, Event::type, String[]::new));
        ps.setArray(12, SqlArrays.column(c, "text", events, Event::payload, String[]::new));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            landed.add(rs.getObject(1, UUID.class));
          }
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      finished.stream()
          .filter(f -> landed.contains(f.run().id))
          .forEach(f -> metrics.run(f.status()));
      Set<UUID> touched = new LinkedHashSet<>();
      events.forEach(e -> touched.add(e.runId()));
      finished.forEach(f -> touched.add(f.run().id));
      touched.stream().filter(landed::contains).forEach(published);
      return landed;
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
