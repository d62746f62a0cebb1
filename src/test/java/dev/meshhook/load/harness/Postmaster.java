package dev.meshhook.load.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL server that holds a data directory, found through its {@code postmaster.pid}. A
 * pid file outlives its server and its pid may be reused, by any program or by another PostgreSQL:
 * the pid is taken only when a live postgres process whose arguments name that data directory holds
 * it.
 */
public final class Postmaster {
  static final String PID_FILE = "postmaster.pid";

  private Postmaster() {}

  /**
   * A checked handle to the server of {@code dataDir}; throws, naming the pid file and why, when
   * there is none or its pid is some other process.
   */
  public static ProcessHandle of(Path dataDir) {
    Path pidFile = dataDir.resolve(PID_FILE);
    long pid;
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("no PostgreSQL holds " + dataDir + ": it has no " + PID_FILE);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read a pid from " + pidFile + " (" + e + ")", e);
    }
    try {
      return ProcessSignals.verified(pid, ProcessSignals.Expected.postgres(dataDir));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(pidFile + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #of}, but empty when there is no such server. */
  public static Optional<ProcessHandle> find(Path dataDir) {
    try {
      return Optional.of(of(dataDir));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Stops the server of {@code dataDir} if one runs, through the checked handle: SIGINT, its fast
   * shutdown, which disconnects clients and stops cleanly (SIGTERM, smart, would wait for every
   * client to leave, and the checker's and sampler's connections do not); SIGKILL after 15 s.
   */
  public static void stop(Path dataDir) {
    ProcessSignals.Expected expected = ProcessSignals.Expected.postgres(dataDir);
    find(dataDir)
        .ifPresent(
            pg -> {
              try {
                ProcessSignals.send(pg, expected, ProcessSignals.Signal.INT);
                if (!ProcessSignals.awaitExit(pg, 15)) {
                  ProcessSignals.send(pg, expected, ProcessSignals.Signal.KILL);
                }
              } catch (IllegalArgumentException e) {
                // gone already (perhaps between the two signals), or its pid now another program's
              }
            });
  }
}
