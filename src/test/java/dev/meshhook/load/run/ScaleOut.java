package dev.meshhook.load.run;

import dev.meshhook.load.checker.Drain;
import dev.meshhook.load.evidence.ScaleLog;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a scaling run does between two replica counts: waits for the runs accepted so far to finish
 * (a backlog left by the stairs would be the next count's first load), then starts the replicas the
 * next count adds. Without the wait, the next count's knee would be measured on a queue that was
 * already full.
 */
public final class ScaleOut {
  private final TargetHandle target;
  private final LoadRecorder recorder;
  private final String loadIdPrefix;
  private Drain drain;

  ScaleOut(TargetHandle target, LoadRecorder recorder, String loadIdPrefix) {
    this.target = target;
    this.recorder = recorder;
    this.loadIdPrefix = loadIdPrefix;
  }

  /** The URLs of the first {@code count} replicas: that count's load goes to them. */
  public List<String> baseUrls(int count) {
    return target.baseUrls(count);
  }

  /**
   * Starts waiting, at most {@code timeout}, for every run accepted so far; nothing to wait for
   * before the first request.
   */
  public synchronized void beginDrain(int nextCount, Duration timeout) {
    Path folder = recorder.folder();
    if (folder == null) {
      drain = null;
      return;
    }
    long accepted =
        LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries().stream()
            .filter(LedgerEntry::accepted)
            .count();
    System.out.println(
        "scaling: waiting for the runs so far to finish before " + nextCount + " replicas");
    drain = new Drain(target.history(), loadIdPrefix, accepted, timeout);
    drain.poll();
  }

  public synchronized boolean drained() {
    return drain == null || drain.done();
  }

  public synchronized void pollDrain() {
    drain.poll();
  }

  /**
   * Starts the replicas that bring the engine to {@code count} processes, and records when the
   * count's stairs begin, with the runs still pending then (the drain's deadline passed) and why a
   * replica did not start: either makes the count's figures unknown, and neither stops the run.
   */
  public void scaleTo(int count) {
    long pending;
    synchronized (this) {
      pending = drain == null ? 0 : Math.max(0, drain.pending());
    }
    String failure = null;
    try {
      target.scaleTo(count);
      System.out.println("scaling: " + count + " replica" + (count == 1 ? "" : "s") + " serving");
    } catch (RuntimeException e) {
      failure = String.valueOf(e.getMessage());
      System.out.println("scaling: the replicas of " + count + " did not all start: " + failure);
    }
    Path folder = recorder.folder();
    if (folder != null) {
      new ScaleLog(folder)
          .record(new ScaleLog.ScaleOut(count, System.currentTimeMillis(), pending, failure));
    }
  }
}
