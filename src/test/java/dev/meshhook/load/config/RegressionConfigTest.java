package dev.meshhook.load.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.report.Baseline;
import dev.meshhook.load.settings.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run index's knobs: reports.keep, the baseline and the tolerances, validated before any
 * request.
 */
class RegressionConfigTest {
  @TempDir Path dir;

  private static SuiteConfig with(Map<String, ?> overrides) {
    return SuiteConfig.from(
        ConfigFactory.parseMap(overrides)
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  private static void rejects(Map<String, ?> overrides, String message) {
    assertThatThrownBy(() -> with(overrides)).isInstanceOf(ConfigError.class).hasMessage(message);
  }

  @Test
  void defaultsKeepEveryFolderAndTakeTheMedianOfFiveRunsOnceThereAreThree() {
    SuiteConfig config = with(Map.of());
    assertThat(config.reports().keep()).isZero();
    assertThat(config.regression().runs()).isEqualTo(5);
    assertThat(config.regression().minRuns()).isEqualTo(3);
    assertThat(config.regression().baselineFile()).isEmpty();
    assertThat(config.regression().tolerances())
        .isEqualTo(new Regression.Tolerances(10, 25, 25, 50, 50));
    assertThat(config.engine().runDelay()).isZero();
  }

  @Test
  void badValuesNameKeyValueAndWhatIsAllowed() {
    rejects(
        Map.of("reports.keep", -1),
        "config error: reports.keep = '-1' is not allowed; expected an integer >= 0");
    rejects(
        Map.of("regression.minRuns", 9),
        "config error: regression.minRuns = '9' is not allowed; expected an integer from 1 to 5");
    rejects(
        Map.of("regression.tolerance.latencyRiseFailPercent", 10),
        "config error: regression.tolerance.latencyRiseFailPercent = '10.0' is not allowed;"
            + " expected a number >= regression.tolerance.latencyRiseWarnPercent (25.0)");
    rejects(
        Map.of("engine.runDelay", "soon"),
        "config error: engine.runDelay = 'soon' is not allowed; expected a duration such as 30s, 2m or 500ms");
  }

  @Test
  void aPinnedBaselineIsReadAtStartSoABadOneStopsTheRunBeforeItsFirstRequest() throws Exception {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> with(Map.of("regression.baselineFile", missing.toString())))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("regression.baselineFile = '" + missing + "'")
        .hasMessageContaining("there is no file");
    Path partial = Files.writeString(dir.resolve("partial.json"), "{\"throughputPerSecond\": 20}");
    // What it holds is checked where baselines are read, still before the first request.
    assertThatThrownBy(
            () ->
                Baseline.checkPinned(
                    with(Map.of("regression.baselineFile", partial.toString())).regression()))
        .isInstanceOf(ConfigError.class)
        .hasMessageEndingWith("'httpP95Ms' is missing or not a number");
    Path good =
        Files.writeString(
            dir.resolve("good.json"),
            "{\"throughputPerSecond\": 20, \"httpP95Ms\": 100, \"httpP99Ms\": 150, \"endToEndP99Ms\": 300}");
    assertThat(with(Map.of("regression.baselineFile", good.toString())).regression().baselineFile())
        .contains(good);
  }
}
