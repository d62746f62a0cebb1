package dev.meshhook.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.Regression;
import dev.meshhook.load.testing.Loads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionCheckTest {
  private static final Regression.Tolerances TOLERANCES =
      new Regression.Tolerances(10, 25, 25, 50, 50);

  @TempDir Path dir;

  // Three earlier passing runs of smoke, one failed one (never part of a baseline), one of another
  // profile.
  private final List<LoadSummary> history =
      List.of(
          Loads.passing("s1", "2026-11-20T02:00:00Z", 10, 200, 400),
          Loads.passing("s2", "2026-11-21T02:00:00Z", 12, 300, 500),
          Loads.run("s3", "smoke", "2026-11-21T12:00:00Z", "fail", 1, 9_000, 9_000),
          Loads.passing("s4", "2026-11-22T02:00:00Z", 11, 250, 600),
          Loads.run("l1", "load", "2026-11-22T03:00:00Z", "pass", 50, 1_000, 1_000));

  @Test
  void theMedianBaselineTakesTheLastPassingRunsOfTheSameProfile() {
    Baseline baseline = Baseline.median(history, "smoke", 5, 3);
    assertThat(baseline.runs()).containsExactly("s4", "s2", "s1");
    LoadFigures median = baseline.figures().orElseThrow();
    assertThat(median.throughputPerSecond()).isEqualTo(11);
    assertThat(median.httpP99Ms()).isEqualTo(250);
    assertThat(median.endToEndP99Ms()).isEqualTo(500);
    assertThat(baseline.description()).isEqualTo("median of the last 3 passing runs of smoke");
    // Only the newest N count.
    assertThat(Baseline.median(history, "smoke", 2, 1).runs()).containsExactly("s4", "s2");
  }

  @Test
  void tooFewRunsGiveNoBaselineAndTheVerdictSaysSo() {
    Baseline baseline = Baseline.median(history, "load", 5, 3);
    assertThat(baseline.figures()).isEmpty();
    RegressionCheck.Result result =
        RegressionCheck.check(figures(50, 1_000, 1_000), baseline, TOLERANCES);
    assertThat(result.level()).isEqualTo(RegressionCheck.Level.NONE);
    assertThat(result.summary())
        .isEqualTo("no baseline yet (1 earlier passing run of load, 3 needed)");
  }

  @Test
  void withinTolerancePasses() {
    RegressionCheck.Result result =
        RegressionCheck.check(
            figures(10.5, 300, 600), Baseline.median(history, "smoke", 5, 3), TOLERANCES);
    assertThat(result.level()).isEqualTo(RegressionCheck.Level.PASS);
    assertThat(result.rows())
        .extracting(RegressionCheck.Row::figure)
        .containsExactly("throughput", "webhook p95", "webhook p99", "end-to-end p99");
  }

  @Test
  void beyondTheWarnToleranceWarns() {
    // p99 250 -> 340 ms: +36 %, past 25 % and by more than 50 ms.
    RegressionCheck.Result result =
        RegressionCheck.check(
            figures(11, 340, 500), Baseline.median(history, "smoke", 5, 3), TOLERANCES);
    assertThat(result.level()).isEqualTo(RegressionCheck.Level.WARN);
    assertThat(result.summary()).contains("webhook p99 +36% (250 -> 340 ms) warn");
  }

  @Test
  void beyondTheFailToleranceFailsForLatencyAndForThroughput() {
    Baseline baseline = Baseline.median(history, "smoke", 5, 3);
    assertThat(RegressionCheck.check(figures(11, 250, 2_000), baseline, TOLERANCES).level())
        .isEqualTo(RegressionCheck.Level.FAIL);
    RegressionCheck.Result slower =
        RegressionCheck.check(figures(7, 250, 500), baseline, TOLERANCES);
    assertThat(slower.level()).isEqualTo(RegressionCheck.Level.FAIL);
    assertThat(slower.summary()).contains("throughput -36% (11 -> 7 webhooks/s) fail");
  }

  @Test
  void aSmallRiseOnAFastTargetIsNoise() {
    // 10 -> 30 ms is +200 %, but only 20 ms: below minLatencyRiseMs.
    Baseline baseline = new Baseline(Optional.of(figures(10, 10, 10)), "pinned", List.of());
    assertThat(RegressionCheck.check(figures(10, 30, 30), baseline, TOLERANCES).level())
        .isEqualTo(RegressionCheck.Level.PASS);
  }

  @Test
  void aPinnedBaselineFileReplacesTheMedian() throws Exception {
    Path pinned = dir.resolve("baseline.json");
    Files.writeString(
        pinned,
        "{\"throughputPerSecond\": 20, \"httpP95Ms\": 100, \"httpP99Ms\": 150, \"endToEndP99Ms\": 300}");
    Regression settings = new Regression(5, 3, Optional.of(pinned), TOLERANCES);
    Baseline baseline = Baseline.of(settings, history, "smoke");
    assertThat(baseline.description()).isEqualTo("pinned baseline " + pinned);
    assertThat(baseline.figures().orElseThrow().throughputPerSecond()).isEqualTo(20);
    // 11/s against a pinned 20/s is a 45 % drop; against the median it would pass.
    assertThat(RegressionCheck.check(figures(11, 150, 300), baseline, TOLERANCES).level())
        .isEqualTo(RegressionCheck.Level.FAIL);
    // A run's results.json works as a pinned file too: its "figures" hold the same fields.
    Path results = dir.resolve("results.json");
    Files.writeString(
        results,
        "{\"schema\": \"meshhook-load/results/v1\", \"figures\": {\"throughputPerSecond\": 11, \"httpP95Ms\": 100,"
            + " \"httpP99Ms\": 150, \"endToEndP99Ms\": 300, \"lost\": 0, \"duplicated\": 0}}");
    assertThat(Baseline.pinned(results).figures().orElseThrow().throughputPerSecond())
        .isEqualTo(11);
  }

  private static LoadFigures figures(double throughput, double p99, double endToEndP99) {
    return new LoadFigures(throughput, p99 / 2, p99, endToEndP99, 0, 0);
  }

  @Test
  void aFigureWithoutAValueIsUnknownNotAPass() {
    RegressionCheck.Result result =
        RegressionCheck.check(
            figures(10.5, 300, Double.NaN), Baseline.median(history, "smoke", 5, 3), TOLERANCES);
    RegressionCheck.Row endToEnd =
        result.rows().stream()
            .filter(r -> r.name().equals("endToEndP99Ms"))
            .findFirst()
            .orElseThrow();
    assertThat(endToEnd.level()).isEqualTo(RegressionCheck.Level.UNKNOWN);
    assertThat(result.level()).isEqualTo(RegressionCheck.Level.UNKNOWN);
    assertThat(result.summary()).endsWith("; end-to-end p99 unknown (no value)");
    RegressionCheck.Result noBaselineValue =
        RegressionCheck.check(
            figures(10.5, 300, 600),
            new Baseline(
                Optional.of(new LoadFigures(Double.NaN, 150, 300, 600, 0, 0)), "pinned", List.of()),
            TOLERANCES);
    assertThat(noBaselineValue.level()).isEqualTo(RegressionCheck.Level.UNKNOWN);
  }

  @Test
  void theMedianIsTakenOverTheRunsThatMeasuredTheFigure() {
    List<LoadSummary> withAHole =
        List.of(
            Loads.passing("s1", "2026-11-20T02:00:00Z", 10, 200, 400),
            Loads.passing("s2", "2026-11-21T02:00:00Z", 12, 300, Double.NaN),
            Loads.passing("s3", "2026-11-22T02:00:00Z", 11, 250, 600));
    LoadFigures median = Baseline.median(withAHole, "smoke", 5, 3).figures().orElseThrow();
    assertThat(median.endToEndP99Ms()).isEqualTo(500);
    assertThat(median.httpP99Ms()).isEqualTo(250);
  }
}
