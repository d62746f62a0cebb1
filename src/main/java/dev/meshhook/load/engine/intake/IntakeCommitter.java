package dev.meshhook.load.engine.intake;

import dev.meshhook.load.engine.store.SqlArrays;
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
public final class IntakeCommitter implements AutoCloseable {
  private static final int MAX_BATCH = 128;
  private static final int NEW = 0;
  private static final int TAKEN = 1;
  private static final int WITHDRAWN = 2;

  /**
   * One run to record: the run, its run_created event and (unless stuck on purpose) its queue row,
   * available to the workers {@code startDelayMs} after the commit (0 but when slowed on purpose).
   */
  public record Record(
      UUID runId,
      UUID projectId,
      UUID workflowId,
      String createdEvent,
      String context,
      String fault,
      boolean queued,
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

  public IntakeCommitter(DataSource db, int threads, Consumer<UUID> onRecorded) {
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
      // Autocommit: the one statement below is the whole transaction, so the batch costs one round
      // trip and one WAL flush (BEGIN, three inserts and COMMIT were five round trips).
      c.setAutoCommit(true);
      insert(c, batch.stream().map(p -> p.record).toList());
    } catch (SQLException e) {
      batch.forEach(p -> p.done.completeExceptionally(e));
      return;
    }
    batch.forEach(
        p -> {
          p.done.complete(null);
          onRecorded.accept(p.record.runId());
        });
  }

  // One statement for all three tables: runs first, so the other two satisfy their foreign keys,
  // which PostgreSQL checks at the end of the statement.
  private static final String INSERT =
      "WITH batch AS (SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[])"
          + "   WITH ORDINALITY AS b(id, project, workflow, created, n)),"
          + " r AS (INSERT INTO workflow_runs (id, project_id, workflow_id, status) SELECT id, project, workflow, 'running' FROM batch),"
          + " e AS (INSERT INTO workflow_events (run_id, type, payload) SELECT id, 'run_created', created::jsonb FROM batch ORDER BY n)"
          + " INSERT INTO engine_run_queue (run_id, context, fault, available_at)"
          + "   SELECT id, context::jsonb, fault, clock_timestamp() + (delay_ms * interval '1 millisecond')"
          + "   FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[]) AS q(id, context, fault, delay_ms)";

  /**
   * The rows that record runs, in one statement (in the caller's transaction, if it has one): run
   * ({@code running}), its {@code run_created} event and, unless stuck on purpose, its queue entry.
   * Group commit and the single-run path both use it.
   */
  static void insert(Connection c, List<Record> records) throws SQLException {
    List<Record> queued = records.stream().filter(Record::queued).toList();
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setArray(1, SqlArrays.column(c, "uuid", records, Record::runId, UUID[]::new));
      ps.setArray(2, SqlArrays.column(c, "uuid", records, Record::projectId, UUID[]::new));
      ps.setArray(3, SqlArrays.column(c, "uuid", records, Record::workflowId, UUID[]::new));
      ps.setArray(4, SqlArrays.column(c, "text", records, Record::createdEvent, String[]::new));
      ps.setArray(5, SqlArrays.column(c, "uuid", queued, Record::runId, UUID[]::new));
      ps.setArray(6, SqlArrays.column(c, "text", queued, Record::context, String[]::new));
      ps.setArray(7, SqlArrays.column(c, "text", queued, Record::fault, String[]::new));
      ps.setArray(8, SqlArrays.column(c, "bigint", queued, Record::startDelayMs, Long[]::new));
      ps.executeUpdate();
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
    queue.forEach(
        p -> {
          if (p.state.compareAndSet(NEW, WITHDRAWN)) {
            p.done.completeExceptionally(closed);
          }
        });
  }
}
