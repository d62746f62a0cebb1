package dev.meshhook.load.harness;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops and starts the embedded engine's PostgreSQL from outside the engine, on the same data
 * directory with the options it was started with (PostgreSQL writes them to {@code
 * postmaster.opts}), as an operator's restart would. PostgreSQL's tools refuse to run as root; like
 * zonky, which started the server, they run in a user namespace ({@code unshare -U}) when that is
 * the case.
 */
public final class PostgresControl {
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Path dataDir;
  private final Path pgCtl;
  private final List<String> options;

  private PostgresControl(Path dataDir, Path pgCtl, List<String> options) {
    this.dataDir = dataDir;
    this.pgCtl = pgCtl;
    this.options = options;
  }

  /** Reads how the running server was started; fails if it was never started on {@code dataDir}. */
  public static PostgresControl of(Path dataDir) {
    Path opts = dataDir.resolve("postmaster.opts");
    String line;
    try {
      line = Files.readString(opts, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("no PostgreSQL start options in " + opts, e);
    }
    int firstQuote = line.indexOf('"');
    if (firstQuote <= 0) {
      throw new IllegalStateException(
          "cannot read PostgreSQL start options in " + opts + ": " + line);
    }
    Path postgres = Path.of(line.substring(0, firstQuote).trim());
    return new PostgresControl(
        dataDir, postgres.resolveSibling("pg_ctl"), startOptions(line.substring(firstQuote)));
  }

  /** The options after the binary, without the data directory, which pg_ctl passes itself. */
  static List<String> startOptions(String quoted) {
    List<String> args = new ArrayList<>();
    Matcher m = QUOTED.matcher(quoted);
    while (m.find()) {
      args.add(m.group(1));
    }
    int d = args.indexOf("-D");
    if (d >= 0) {
      args.subList(d, Math.min(d + 2, args.size())).clear();
    }
    return List.copyOf(args);
  }

  /**
   * Fast shutdown: clients are disconnected, open transactions rolled back, the server stops
   * cleanly.
   */
  public void stopFast() {
    pgCtl("-D", dataDir.toString(), "-m", "fast", "-w", "stop");
  }

  /**
   * Starts the server again on the same data directory, port and settings; waits until it accepts
   * connections.
   */
  public void start() {
    StringBuilder opts = new StringBuilder();
    for (String option : options) {
      // pg_ctl hands -o to a shell: quote each option so a path with spaces survives.
      opts.append(opts.length() == 0 ? "" : " ")
          .append('\'')
          .append(option.replace("'", "'\\''"))
          .append('\'');
    }
    pgCtl(
        "-D",
        dataDir.toString(),
        "-o",
        opts.toString(),
        "-l",
        dataDir.resolveSibling("postgres-restart.log").toString(),
        "-w",
        "start");
  }

  private void pgCtl(String... args) {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(pgCtl.toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "pg_ctl " + args[args.length - 1] + " did not finish in 60 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "pg_ctl " + args[args.length - 1] + " failed (exit " + p.exitValue() + "): " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + pgCtl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running pg_ctl", e);
    }
  }
}
