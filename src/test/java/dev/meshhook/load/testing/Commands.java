package dev.meshhook.load.testing;

import dev.meshhook.load.harness.BoundedCommand;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Test support: finding a command-line tool on the PATH and running it to its end, bounded. */
public final class Commands {
  private Commands() {}

  /** A finished command: its exit code and everything it printed, stdout and stderr together. */
  public record Result(int exitCode, String output) {}

  /** The executable {@code command} in a folder of the PATH, the first one found. */
  public static Optional<Path> onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(folder -> !folder.isEmpty())
        .map(folder -> Path.of(folder, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Runs {@code command}, its output into a file of {@code temp}, for at most {@code timeout}: a
   * command still running then is killed (through its own handle) and the test fails.
   */
  public static Result run(List<String> command, Path temp, Duration timeout)
      throws IOException, InterruptedException {
    BoundedCommand.Result result =
        BoundedCommand.run(command, Files.createTempFile(temp, "command", ".txt"), timeout);
    return new Result(result.exitCode(), result.output());
  }
}
