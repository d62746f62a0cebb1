package dev.meshhook.load.testing;

import dev.meshhook.load.harness.ProcessSignals;
import java.time.Duration;

/**
 * A process held still with SIGSTOP (requests to it stay in flight), always resumed: by {@link
 * #close()} in the test's finally, by a watchdog once {@code bound} has passed (a test that hangs
 * before its finally), and at this JVM's exit. A process left stopped would hold its port, its
 * database and its parent's wait forever, and could not even notice that its parent is gone.
 */
public final class HeldProcess implements AutoCloseable {
  private final ProcessHandle process;
  private final ProcessSignals.Expected expected;
  private final Thread watchdog;
  private final Thread atExit;
  private boolean resumed;

  private HeldProcess(ProcessHandle process, ProcessSignals.Expected expected, Duration bound) {
    this.process = process;
    this.expected = expected;
    this.watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(bound.toMillis());
              } catch (InterruptedException e) {
                return; // resumed by its holder
              }
              System.err.println(
                  "watchdog: pid "
                      + process.pid()
                      + " held with SIGSTOP for "
                      + bound.toSeconds()
                      + " s: resumed");
              resume();
            },
            "sigcont-watchdog-" + process.pid());
    watchdog.setDaemon(true);
    this.atExit = new Thread(this::resume, "sigcont-at-exit-" + process.pid());
  }

  /**
   * SIGSTOP to {@code process}, checked to be {@code expected}; SIGCONT follows at {@link #close()}
   * or after {@code bound}, whichever comes first.
   */
  public static HeldProcess stop(
      ProcessHandle process, ProcessSignals.Expected expected, Duration bound) {
    HeldProcess held = new HeldProcess(process, expected, bound);
    // Armed before the signal: nothing can stop the process without its resume being due.
    Runtime.getRuntime().addShutdownHook(held.atExit);
    held.watchdog.start();
    try {
      ProcessSignals.send(process, expected, ProcessSignals.Signal.STOP);
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /** Whether SIGCONT was sent (or the process ended). */
  public synchronized boolean resumed() {
    return resumed;
  }

  private synchronized void resume() {
    if (resumed) {
      return;
    }
    resumed = true;
    if (process.isAlive()) {
      try {
        ProcessSignals.send(process, expected, ProcessSignals.Signal.CONT);
      } catch (IllegalArgumentException e) {
        // ended meanwhile: nothing is left to resume
      }
    }
  }

  /** SIGCONT now, if the watchdog has not sent it already. */
  @Override
  public void close() {
    watchdog.interrupt();
    resume();
    try {
      Runtime.getRuntime().removeShutdownHook(atExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs, and finds the process resumed
    }
  }
}
