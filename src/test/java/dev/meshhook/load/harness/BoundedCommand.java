package dev.meshhook.load.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end, for at most a given time, its output (stdout and stderr together) into
 * a log kept for a person to read: an install script, a peer load tool, a linter.
 */
public final class BoundedCommand {
  /** A finished command: its exit code and everything it printed. */
  public record Result(int exitCode, String output) {}

  private BoundedCommand() {}

  /**
   * Runs {@code command} from this JVM's folder; one still running after {@code timeout} is killed
   * with its children (a script's own process may be waiting on them), through its own handle.
   */
  public static Result run(List<String> command, Path log, Duration timeout)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          String.join(" ", command) + " did not finish within " + timeout + "; see " + log);
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
