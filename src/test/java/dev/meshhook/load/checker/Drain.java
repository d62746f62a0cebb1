package dev.meshhook.load.checker;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * Waits after the load until no run of this tag is still running, or the deadline passes. Polled
 * from a Gatling loop (one poll a second) so the wait blocks no Gatling thread for long, and each
 * poll prints a progress line.
 */
public final class Drain {
  private final HistoryReader history;
  private final String prefix;
  private final long accepted;
  private final long startNanos = System.nanoTime();
  private final long deadlineNanos;
  private int quietPolls;
  private boolean done;
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
      lastError = null;
      System.out.printf(
          Locale.ROOT, "drain: %,d/%,d terminal, %d s%n", counts[1], accepted, seconds);
      // Two quiet polls in a row: a run created just before the first poll still gets its turn.
      quietPolls = counts[0] == 0 ? quietPolls + 1 : 0;
      done = quietPolls >= 2;
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

  public String lastError() {
    return lastError;
  }
}
