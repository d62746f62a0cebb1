package dev.meshhook.load.config;

import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * This JVM's place among the injectors that load one target together ({@code injectors.*}): how
 * many there are, which one this is, the run tag they share and the instant they all start at.
 * Alone (the default), it sends the whole load and verifies it; one of several, it sends its share
 * of every rate, writes its run folder under {@code <reports.dir>/<runTag>/injector-<index>/} and
 * leaves the verdict to the merged verification, which reads every injector's ledger.
 */
public record Injectors(int count, int index, String runTag, long startAtEpochMs) {
  public static final Injectors ALONE = new Injectors(1, 0, "", 0);

  /** How far ahead a start barrier may lie: every wait of the suite is bounded. */
  static final Duration MAX_START_WAIT = Duration.ofHours(1);

  /** The folder of injector {@code index} inside a merged run's folder. */
  public static String folderName(int index) {
    return "injector-" + index;
  }

  /** One of several injectors of a shared run tag (verification deferred to the merge). */
  public boolean shared() {
    return !runTag.isEmpty();
  }

  /** This injector's share of an arrival rate: rate / count, unrounded, so the shares add up. */
  public double rate(double rate) {
    return rate / count;
  }

  /**
   * This injector's share of a number of users (closed model, or a burst at once): whole users, the
   * remainder going to the lowest indexes, so the shares add up to {@code total} exactly.
   */
  public int users(int total) {
    return total / count + (index < total % count ? 1 : 0);
  }

  /**
   * Where this injector's run folders go: {@code reports} alone, {@code
   * reports/<runTag>/injector-<index>} as one of several.
   */
  public Path runsIn(Path reports) {
    return shared() ? reports.resolve(runTag).resolve(folderName(index)) : reports;
  }

  static Injectors read(Settings s, SuiteConfig.Target target, long nowEpochMs) {
    int count = s.intBetween("injectors.count", 1, 1000);
    int index = s.intBetween("injectors.index", 0, 999);
    String runTag = s.string("injectors.runTag");
    long startAt = s.longBetween("injectors.startAt", 0, Long.MAX_VALUE);
    if (count == 1 && runTag.isEmpty()) {
      if (index != 0 || startAt != 0) {
        throw new ConfigError(
            index != 0 ? "injectors.index" : "injectors.startAt",
            index != 0 ? index : startAt,
            "0 for a run alone; several injectors need injectors.runTag (MESHHOOK_LOAD_RUN_TAG)"
                + " and injectors.count (MESHHOOK_LOAD_INJECTORS)");
      }
      return ALONE;
    }
    if (!runTag.matches("[A-Za-z0-9]+")) {
      throw new ConfigError(
          "injectors.runTag",
          runTag,
          "letters and digits, the same for every injector of the run (MESHHOOK_LOAD_RUN_TAG),"
              + " whenever injectors.count > 1");
    }
    if (index >= count) {
      throw new ConfigError(
          "injectors.index",
          index,
          "an integer from 0 to " + (count - 1) + " (injectors.count is " + count + ")");
    }
    if (target.embedded()) {
      throw new ConfigError(
          "target.url",
          "",
          "the URL of the one target every injector loads (TARGET_URL) whenever injectors run"
              + " together: each would otherwise start an engine of its own");
    }
    if (startAt > nowEpochMs + MAX_START_WAIT.toMillis()) {
      throw new ConfigError(
          "injectors.startAt",
          startAt,
          "0 (no barrier) or epoch milliseconds at most "
              + Settings.human(MAX_START_WAIT)
              + " from now ("
              + nowEpochMs
              + ")");
    }
    return new Injectors(count, index, runTag, startAt);
  }
}
