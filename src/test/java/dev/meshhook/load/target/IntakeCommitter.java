package dev.meshhook.load.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Group commit for webhook intake: concurrent webhooks are recorded together, one transaction and
 * one WAL flush for all that arrived while the previous commit was in flight. Nobody waits for a
 * batch to fill: a committer takes whatever is queued the moment it is free, so a lone webhook is
 * committed at once. Each webhook's answer still waits for its own commit, and a webhook that gives
 * up waiting (503) is withdrawn first, so no run is ever recorded for a 503.
 */
final class IntakeCommitter implements AutoCloseable {
  private static final int MAX_BATCH = 128;
  private static final int NEW = 0;
  private static final int TAKEN = 1;
  private static final int WITHDRAWN = 2;

  /**
   * One run to record: the run, its run_created event and (unless stuck on purpose) its queue row,
   * available to the workers {@code startDelayMs} after the commit (0 but when slowed on purpose).
   */
  record Record(UUID runId, UUID projectId, UUID workflowId, String createdEvent, String context, String fault, boolean queued,
      long startDelayMs) {}

  private static final class Pending {
    final Record record;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final AtomicInteger state = new AtomicInteger(NEW);

    Pending(Record record) {
      this.record = record;
    }
  }

  private final DataSource db;
  private final Consumer<UUID> onRecorded;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> committers = new ArrayList<>();
  private volatile boolean running = true;

  IntakeCommitter(DataSource db, int threads, Consumer<UUID> onRecorded) {
    this.db = db;
    this.onRecorded = onRecorded;
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(this::loop, "engine-intake-commit-" + i);
      t.setDaemon(true);
      committers.add(t);
      t.start();
    }
  }

  /**
   * Records the runs (all or none) and returns once committed. Throws SQLException when the
   * database refused or did not answer within {@code timeout}; then nothing was recorded.
   */
  void record(List<Record> records, Duration timeout) throws SQLException {
    List<Pending> pending = records.stream().map(Pending::new).toList();
    queue.addAll(pending);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Pending p : pending) {
      try {
        p.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (withdraw(pending)) {
          throw new SQLException("no commit within " + timeout.toMillis() + " ms", "08006");
        }
        await(p); // a committer has it already: its outcome decides, not our patience
      } catch (ExecutionException e) {
        throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for the commit", e);
      }
    }
  }

  /** Withdraws every not-yet-taken record; true when none had been taken. */
  private static boolean withdraw(List<Pending> pending) {
    boolean none = true;
    for (Pending p : pending) {
      if (!p.state.compareAndSet(NEW, WITHDRAWN) && p.state.get() == TAKEN) {
        none = false;
      }
    }
    return none;
  }

  private static void await(Pending p) throws SQLException {
    try {
      p.done.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the commit", e);
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (running) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        batch.removeIf(p -> !p.state.compareAndSet(NEW, TAKEN));
        if (!batch.isEmpty()) {
          commit(batch);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void commit(List<Pending> batch) {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        insert(c, batch.stream().map(p -> p.record).toList());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      batch.forEach(p -> p.done.completeExceptionally(e));
      return;
    }
    batch.forEach(p -> {
      p.done.complete(null);
      onRecorded.accept(p.record.runId());
    });
  }

  /**
   * The rows that record runs, in the caller's transaction: run ({@code running}), its
   * {@code run_created} event and its queue entry. Group commit and the single-run path both use it.
   */
  static void insert(Connection c, List<Record> records) throws SQLException {
    try (PreparedStatement runs = c.prepareStatement(
            "INSERT INTO workflow_runs (id, project_id, workflow_id, status) VALUES (?, ?, ?, 'running')");
        PreparedStatement events = c.prepareStatement(
            "INSERT INTO workflow_events (run_id, type, payload) VALUES (?, 'run_created', ?::jsonb)");
        PreparedStatement queued = c.prepareStatement(
            "INSERT INTO engine_run_queue (run_id, context, fault, available_at)"
                + " VALUES (?, ?::jsonb, ?, clock_timestamp() + (? * interval '1 millisecond'))")) {
      boolean anyQueued = false;
      for (Record r : records) {
        runs.setObject(1, r.runId());
        runs.setObject(2, r.projectId());
        runs.setObject(3, r.workflowId());
        runs.addBatch();
        events.setObject(1, r.runId());
        events.setString(2, r.createdEvent());
        events.addBatch();
        if (r.queued()) {
          queued.setObject(1, r.runId());
          queued.setString(2, r.context());
          queued.setString(3, r.fault());
          queued.setLong(4, r.startDelayMs());
          queued.addBatch();
          anyQueued = true;
        }
      }
      runs.executeBatch();
      events.executeBatch();
      if (anyQueued) {
        queued.executeBatch();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    committers.forEach(Thread::interrupt);
    for (Thread t : committers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    SQLException closed = new SQLException("the engine is shutting down", "08006");
    queue.forEach(p -> {
      if (p.state.compareAndSet(NEW, WITHDRAWN)) {
        p.done.completeExceptionally(closed);
      }
    });
  }
}
