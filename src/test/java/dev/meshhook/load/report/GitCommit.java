package dev.meshhook.load.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The short commit the suite was built from ({@code git rev-parse --short HEAD}), or "unknown". */
public final class GitCommit {
  private GitCommit() {}

  public static String current() {
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
              .redirectErrorStream(true)
              .start();
      git.getOutputStream().close();
      // Bounded: a hanging git must not hold up the run's reports.
      if (!git.waitFor(5, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return "unknown";
      }
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.exitValue() == 0 && out.matches("[0-9a-f]{4,40}") ? out : "unknown";
    } catch (IOException e) {
      return "unknown"; // no git on this machine
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
