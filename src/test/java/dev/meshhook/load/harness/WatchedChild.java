package dev.meshhook.load.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: a server from Debian's packages (pgbouncer, prometheus) run as a child of a small
 * shell that stops it when the shell's standard input closes. That input is a pipe from this JVM,
 * so even a kill -9 of the JVM leaves no server running; {@link #stop()} closes it and waits, and
 * signals the server directly only once it is checked to be the one started, by name and argument.
 */
public final class WatchedChild {
  // Stops the server (SIGTERM) when stdin reaches its end or the shell gets SIGTERM.
  private static final String WATCHDOG =
      """
      "$@" & p=$!
      trap 'kill -TERM $p 2>/dev/null; wait $p; exit 0' TERM INT
      read -r _ || true
      kill -TERM $p 2>/dev/null
      wait $p
      """;

  private final Process process;
  private final ProcessSignals.Expected expected;

  private WatchedChild(Process process, ProcessSignals.Expected expected) {
    this.process = process;
    this.expected = expected;
  }

  /**
   * Starts {@code command} under the watchdog, its output appended to {@code log}; {@code expected}
   * names it (its binary and one argument) for a last-resort kill.
   */
  public static WatchedChild start(
      List<String> command, Path log, ProcessSignals.Expected expected) {
    List<String> all = new ArrayList<>(List.of("bash", "-c", WATCHDOG, expected.binary()));
    all.addAll(command);
    try {
      return new WatchedChild(
          new ProcessBuilder(all)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start(),
          expected);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public int exitValue() {
    return process.exitValue();
  }

  /** The shell and the server, while they run. */
  public List<ProcessHandle> processes() {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process.toHandle());
    process.descendants().forEach(all::add);
    return all;
  }

  /** Closes the shell's input, so it stops the server and waits; kills what is left after 10 s. */
  public synchronized void stop() {
    if (!process.isAlive()) {
      return;
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // closed already: the shell has seen the end of its input
    }
    boolean stopped;
    try {
      stopped = process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = false;
    }
    if (!stopped) {
      // The server is the shell's child, not a Process of ours: signalled only once checked.
      process
          .descendants()
          .forEach(
              p ->
                  ProcessSignals.find(p.pid(), expected)
                      .ifPresent(
                          h -> ProcessSignals.send(h, expected, ProcessSignals.Signal.KILL)));
      process.destroyForcibly();
    }
  }
}
