package dev.meshhook.load.config;

import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a run is held against earlier ones: the baseline (median of the last {@code runs} passing
 * runs of its profile, at least {@code minRuns} of them, or a pinned file of figures) and how far
 * each figure may move before the run warns or fails.
 */
public record Regression(
    int runs, int minRuns, Optional<Path> baselineFile, Tolerances tolerances) {

  /**
   * Throughput may drop, latencies may rise, by these percentages before a warn or a fail; a
   * latency rise smaller than {@code minLatencyRiseMs} never counts, since a few milliseconds on a
   * p99 of ten is noise, not a regression.
   */
  public record Tolerances(
      double throughputDropWarnPercent,
      double throughputDropFailPercent,
      double latencyRiseWarnPercent,
      double latencyRiseFailPercent,
      double minLatencyRiseMs) {}

  public static Regression read(Settings s) {
    int runs = s.intAtLeast("regression.runs", 1);
    int minRuns = s.intBetween("regression.minRuns", 1, runs);
    String file = s.string("regression.baselineFile").trim();
    Optional<Path> pinned = Optional.empty();
    if (!file.isEmpty()) {
      Path path = Path.of(file).toAbsolutePath().normalize();
      if (!Files.isRegularFile(path)) {
        throw new ConfigError(
            "regression.baselineFile", file, "a readable JSON file; there is no file " + path);
      }
      pinned = Optional.of(path);
    }
    double dropWarn = s.between("regression.tolerance.throughputDropWarnPercent", 0, 100);
    double dropFail = s.between("regression.tolerance.throughputDropFailPercent", 0, 100);
    if (dropFail < dropWarn) {
      throw new ConfigError(
          "regression.tolerance.throughputDropFailPercent",
          dropFail,
          "a number >= regression.tolerance.throughputDropWarnPercent (" + dropWarn + ")");
    }
    double riseWarn = s.between("regression.tolerance.latencyRiseWarnPercent", 0, 10_000);
    double riseFail = s.between("regression.tolerance.latencyRiseFailPercent", 0, 10_000);
    if (riseFail < riseWarn) {
      throw new ConfigError(
          "regression.tolerance.latencyRiseFailPercent",
          riseFail,
          "a number >= regression.tolerance.latencyRiseWarnPercent (" + riseWarn + ")");
    }
    return new Regression(
        runs,
        minRuns,
        pinned,
        new Tolerances(
            dropWarn,
            dropFail,
            riseWarn,
            riseFail,
            s.between("regression.tolerance.minLatencyRiseMs", 0, 3_600_000)));
  }
}
