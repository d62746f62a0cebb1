package dev.meshhook.load.run;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a chaos run does to the embedded engine and its database while the load goes on. A fault
 * that moves or blocks the database holds a lock the drain waits for, so the drain never starts
 * reading a database that is about to move.
 */
public final class ChaosActions {
  private final TargetHandle target;
  private final LoadRecorder recorder;
  private final String loadIdPrefix;
  private final ReentrantLock faults = new ReentrantLock();

  ChaosActions(TargetHandle target, LoadRecorder recorder, String loadIdPrefix) {
    this.target = target;
    this.recorder = recorder;
    this.loadIdPrefix = loadIdPrefix;
  }

  /** The run folder the fault log goes into, once the first request made it (null before). */
  public Path folder() {
    return recorder.folder();
  }

  /** Whether the target's process and database are ours to hurt (the embedded engine). */
  public boolean possible() {
    return target.embedded();
  }

  /**
   * kill -9 of the embedded engine, {@code downtime} without it, then a new engine on the same
   * database and port. The load keeps going (and failing) meanwhile.
   */
  public String crashEngine(Duration downtime) throws SQLException, InterruptedException {
    return whileTheDrainWaits(() -> target.crashAndRestart(downtime));
  }

  /** Whether the embedded engine runs as several replicas: engine kills are then replica kills. */
  public boolean replicated() {
    return target.replicated();
  }

  /**
   * kill -9 of the last replica still alive, left dead: the others keep working and take its runs
   * over when their leases run out.
   */
  public String killReplica() throws SQLException, InterruptedException {
    return whileTheDrainWaits(target::killReplica);
  }

  /**
   * pg_terminate_backend of every engine connection to its database, as a database failover would.
   */
  public String terminateEngineConnections() throws SQLException {
    return target.database().terminateEngineConnections();
  }

  /**
   * PostgreSQL stopped fast, {@code downtime} without it, then started on the same data directory.
   */
  public String restartPostgres(Duration downtime) throws SQLException, InterruptedException {
    return whileTheDrainWaits(() -> target.database().restartPostgres(downtime));
  }

  /** The engine's pool run dry by an outside client holding the runs table for {@code hold}. */
  public String exhaustPool(Duration hold) throws SQLException, InterruptedException {
    return whileTheDrainWaits(() -> target.database().exhaustPool(hold));
  }

  /**
   * Changes {@code count} finished runs of this load behind the engine's back (status succeeded to
   * failed, by SQL as the database owner); returns their load ids, which replay must name.
   */
  public List<String> editRunsBehindTheEnginesBack(int count) throws SQLException {
    return target.database().editRuns(loadIdPrefix, count);
  }

  /** Runs {@code action} when no fault is striking, and keeps the next one out meanwhile. */
  void betweenFaults(Runnable action) {
    faults.lock();
    try {
      action.run();
    } finally {
      faults.unlock();
    }
  }

  private interface Fault {
    String strike() throws SQLException, InterruptedException;
  }

  private String whileTheDrainWaits(Fault fault) throws SQLException, InterruptedException {
    faults.lock();
    try {
      return fault.strike();
    } finally {
      faults.unlock();
    }
  }
}
