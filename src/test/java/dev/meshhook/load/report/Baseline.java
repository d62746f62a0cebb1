package dev.meshhook.load.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.config.Regression;
import dev.meshhook.load.settings.ConfigError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a run is compared with: the median, figure by figure, of the last runs of its profile, or a
 * pinned file of figures. Only runs that passed verification and were not regressions themselves
 * make a median: a broken run's latency says nothing about the engine's normal speed, and a
 * regression must not drag the baseline along with it.
 */
public record Baseline(Optional<LoadFigures> figures, String description, List<String> runs) {

  public static Baseline of(Regression settings, List<LoadSummary> history, String profile) {
    return settings
        .baselineFile()
        .map(Baseline::pinned)
        .orElseGet(() -> median(history, profile, settings.runs(), settings.minRuns()));
  }

  /**
   * Reads a pinned baseline file now, so that a bad one stops the run before its first request
   * instead of after it: a {@link ConfigError} naming {@code regression.baselineFile}.
   */
  public static void checkPinned(Regression settings) {
    settings
        .baselineFile()
        .ifPresent(
            path -> {
              try {
                LoadFigures.fromJson(new ObjectMapper().readTree(path.toFile()));
              } catch (IOException | IllegalArgumentException e) {
                throw new ConfigError(
                    "regression.baselineFile",
                    path,
                    "a JSON file with the numbers "
                        + String.join(", ", LoadFigures.COMPARED)
                        + " (or a results.json, whose \"figures\" hold them); "
                        + e.getMessage());
              }
            });
  }

  public static Baseline pinned(Path file) {
    try {
      return new Baseline(
          Optional.of(LoadFigures.fromJson(new ObjectMapper().readTree(file.toFile()))),
          "pinned baseline " + file,
          List.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pinned baseline " + file, e);
    }
  }

  /**
   * The median of the newest {@code runs} usable runs of {@code profile}; none below {@code
   * minRuns}.
   */
  public static Baseline median(List<LoadSummary> history, String profile, int runs, int minRuns) {
    List<LoadSummary> usable =
        history.stream()
            .filter(
                r ->
                    profile.equals(r.profile())
                        && "pass".equals(r.verification())
                        && !"fail".equals(r.regression())
                        && r.figures() != null)
            .sorted(LoadSummary.BY_START.reversed())
            .limit(runs)
            .toList();
    List<String> folders = usable.stream().map(LoadSummary::folder).toList();
    if (usable.size() < minRuns) {
      return new Baseline(
          Optional.empty(),
          "no baseline yet ("
              + usable.size()
              + " earlier passing run"
              + (usable.size() == 1 ? "" : "s")
              + " of "
              + profile
              + ", "
              + minRuns
              + " needed)",
          folders);
    }
    LoadFigures median =
        new LoadFigures(
            median(usable, LoadFigures::throughputPerSecond),
            median(usable, LoadFigures::httpP95Ms),
            median(usable, LoadFigures::httpP99Ms),
            median(usable, LoadFigures::endToEndP99Ms),
            0,
            0);
    return new Baseline(
        Optional.of(median),
        "median of the last "
            + usable.size()
            + " passing run"
            + (usable.size() == 1 ? "" : "s")
            + " of "
            + profile,
        folders);
  }

  /** The median of the runs that measured the figure; NaN (unknown) when none did. */
  private static double median(
      List<LoadSummary> runs, java.util.function.ToDoubleFunction<LoadFigures> figure) {
    double[] values =
        runs.stream()
            .mapToDouble(r -> figure.applyAsDouble(r.figures()))
            .filter(Double::isFinite)
            .sorted()
            .toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
