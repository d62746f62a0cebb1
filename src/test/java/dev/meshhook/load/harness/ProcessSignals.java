package dev.meshhook.load.harness;

import dev.meshhook.load.engine.EngineMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one way the suite signals a process it holds no {@link Process} object for (PostgreSQL, an
 * engine found through its ready file). A raw pid is never signalled: it is first turned into a
 * live {@link ProcessHandle} whose executable is the expected binary. {@code kill -INT -1} signals
 * every process the user may signal, and a pid file outlives its process, so -1, 0, 1, this JVM, a
 * dead pid and a pid now held by another program are all refused with the reason.
 */
public final class ProcessSignals {
  /**
   * What a process must be before it may be signalled: its executable's name, and an argument it
   * must carry.
   */
  public record Expected(String binary, String argument) {
    /**
     * The PostgreSQL server (the postmaster) of {@code dataDir}: a pid file names a pid, and only a
     * postgres process whose arguments name that directory is the one the file speaks of.
     */
    public static Expected postgres(Path dataDir) {
      return new Expected("postgres", dataDir.toAbsolutePath().normalize().toString());
    }

    /** The reference engine's JVM. */
    public static final Expected ENGINE = new Expected("java", EngineMain.class.getName());

    @Override
    public String toString() {
      return argument == null ? binary : binary + " " + argument;
    }
  }

  /** The signals the suite sends; SIGINT is PostgreSQL's fast shutdown. */
  public enum Signal {
    INT,
    TERM,
    KILL,
    /** Holds the process still: requests to it stay in flight until CONT. */
    STOP,
    CONT
  }

  private ProcessSignals() {}

  /**
   * A live handle to {@code pid}, checked to be {@code expected}; throws {@link
   * IllegalArgumentException} naming the pid and why it was refused.
   */
  public static ProcessHandle verified(long pid, Expected expected) {
    if (pid == -1) {
      throw refused(pid, "kill -1 signals every process the user may signal");
    }
    if (pid <= 1) {
      throw refused(
          pid, pid == 1 ? "it is init" : "it is not a single process (0 is the process group)");
    }
    if (pid == ProcessHandle.current().pid()) {
      throw refused(pid, "it is this JVM");
    }
    ProcessHandle process =
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .orElseThrow(() -> refused(pid, "no such process is running"));
    String why = mismatch(process, expected);
    if (why != null) {
      throw refused(pid, why);
    }
    return process;
  }

  /** As {@link #verified}, but empty (not an exception) when the pid is no such process. */
  public static Optional<ProcessHandle> find(long pid, Expected expected) {
    try {
      return Optional.of(verified(pid, expected));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Sends {@code signal} to a handle obtained from {@link #verified}, checked once more just
   * before: a pid can be reused between the check and the signal only if the process ended in
   * between.
   */
  public static void send(ProcessHandle process, Expected expected, Signal signal) {
    ProcessHandle checked = verified(process.pid(), expected);
    // ProcessHandle equality includes the start time: a reused pid is a different handle.
    if (!checked.equals(process)) {
      throw refused(process.pid(), "the pid now belongs to a process started at another time");
    }
    switch (signal) {
      case TERM -> checked.destroy();
      case KILL -> checked.destroyForcibly();
      case INT, STOP, CONT -> kill(checked, signal);
    }
  }

  /** Waits for the process to end; false if it is still alive after {@code seconds}. */
  public static boolean awaitExit(ProcessHandle process, long seconds) {
    try {
      process.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return !process.isAlive();
    }
  }

  // ProcessHandle can only TERM or KILL; the others need kill(1), given the one checked pid.
  private static void kill(ProcessHandle process, Signal signal) {
    String flag = "-" + signal.name();
    try {
      Process kill =
          new ProcessBuilder("kill", flag, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException(
            "kill " + flag + " " + process.pid() + " did not return within 5 s");
      }
      if (kill.exitValue() != 0 && process.isAlive()) {
        throw new IllegalStateException(
            "kill " + flag + " " + process.pid() + " failed with exit code " + kill.exitValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill " + flag + " " + process.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while sending SIG" + signal + " to " + process.pid(), e);
    }
  }

  private static String mismatch(ProcessHandle process, Expected expected) {
    Optional<String> command = process.info().command();
    if (command.isEmpty()) {
      return "its executable cannot be read, so it cannot be shown to be " + expected;
    }
    String binary = Path.of(command.get()).getFileName().toString();
    if (!binary.equals(expected.binary())) {
      return "it runs " + command.get() + ", not " + expected.binary();
    }
    if (expected.argument() != null) {
      if (arguments(process).noneMatch(a -> same(a, expected.argument()))) {
        return "it is a " + binary + " process without the argument " + expected.argument();
      }
    }
    return null;
  }

  /** The same argument, or the same absolute path written another way ({@code /a/./b}). */
  private static boolean same(String argument, String expected) {
    if (argument.equals(expected)) {
      return true;
    }
    if (!argument.startsWith("/") || !expected.startsWith("/")) {
      return false;
    }
    try {
      return Path.of(argument).normalize().equals(Path.of(expected).normalize());
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /**
   * The process's arguments. The JDK's {@code info().arguments()} comes back empty on Linux for the
   * engine, whose class path alone runs to tens of kilobytes, so {@code /proc/<pid>/cmdline} is
   * read first where there is one.
   */
  static Stream<String> arguments(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      if (Files.isReadable(cmdline)) {
        return Arrays.stream(
                new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"))
            .skip(1);
      }
    } catch (IOException e) {
      // gone meanwhile, or not ours to read: fall back to what the JDK knows
    }
    return Arrays.stream(process.info().arguments().orElse(new String[0]));
  }

  private static IllegalArgumentException refused(long pid, String why) {
    return new IllegalArgumentException("refusing to signal pid " + pid + ": " + why);
  }
}
