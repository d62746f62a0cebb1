package dev.meshhook.load.checker;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * Waits after the load until no run of this tag is still running, or the deadline passes. Polled
 * from a Gatling loop ({@link #POLL_EVERY}) so the wait blocks no Gatling thread for long; a
 * progress line is printed once a second and when the drain ends.
 */
public final class Drain {
  /**
   * Often enough that a drained run is not kept waiting (every test run pays the wait twice: the
   * last run, then the quiet poll after it), rarely enough to cost the database nothing.
   */
  public static final Duration POLL_EVERY = Duration.ofMillis(250);

  private final HistoryReader history;
  private final String prefix;
  private final long accepted;
  private final long startNanos = System.nanoTime();
  private final long deadlineNanos;
  private int quietPolls;
  private long lastPrintedSecond = -1;
  private boolean done;
  private volatile long terminal;
  private volatile long pending = -1;
  private String lastError;

  public Drain(HistoryReader history, String prefix, long accepted, Duration timeout) {
    this.history = history;
    this.prefix = prefix;
    this.accepted = accepted;
    this.deadlineNanos = startNanos + timeout.toNanos();
  }

  /** One poll; true once drained or past the deadline. */
  public boolean poll() {
    if (done) {
      return true;
    }
    long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    try {
      long[] counts = history.pending(prefix);
      terminal = counts[1];
      pending = counts[0];
      lastError = null;
      // Two quiet polls in a row: a run created just before the first poll still gets its turn.
      quietPolls = counts[0] == 0 ? quietPolls + 1 : 0;
      done = quietPolls >= 2;
      if (done || seconds != lastPrintedSecond) {
        lastPrintedSecond = seconds;
        System.out.printf(
            Locale.ROOT, "drain: %,d/%,d terminal, %d s%n", counts[1], accepted, seconds);
      }
    } catch (SQLException e) {
      lastError = e.getMessage();
      System.out.printf(
          Locale.ROOT, "drain: database unreachable (%s), %d s%n", e.getMessage(), seconds);
    }
    if (!done && System.nanoTime() >= deadlineNanos) {
      System.out.printf(
          Locale.ROOT,
          "drain: deadline of %d s passed with runs still pending%n",
          Duration.ofNanos(deadlineNanos - startNanos).toSeconds());
      done = true;
    }
    return done;
  }

  public boolean done() {
    return done;
  }

  /** Runs of the tag in a terminal state at the last poll that read them. */
  public long terminal() {
    return terminal;
  }

  /** Runs of the tag not yet terminal at the last poll that read them; -1 before one did. */
  public long pending() {
    return pending;
  }

  /** The accepted webhooks the drain waits for. */
  public long accepted() {
    return accepted;
  }

  public String lastError() {
    return lastError;
  }
}
