package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTest {
  private static final SuiteConfig.Thresholds T = new SuiteConfig.Thresholds(2000, 5000, 1, 90);

  private static HttpFigures figures(long p95, long p99, double failed, double success) {
    return new HttpFigures(100, new Latency(100, 10, p95, p99, p99), failed, success, 10);
  }

  @Test
  void eachFigureIsPassWarnOrFailAndTheWorstDecides() {
    assertThat(Classification.of(figures(100, 200, 0, 100), T, 0.2).level())
        .isEqualTo(Outcome.PASS);
    Classification warn =
        Classification.of(figures(1700, 200, 0, 100), T, 0.2); // within 20 % of 2 s
    assertThat(warn.level()).isEqualTo(Outcome.WARN);
    assertThat(warn.rows().get(0).level()).isEqualTo(Classification.Level.WARN);
    assertThat(Classification.of(figures(2000, 200, 0, 100), T, 0.2).level())
        .isEqualTo(Outcome.FAIL);
    assertThat(Classification.of(figures(100, 200, 0.9, 100), T, 0.2).level())
        .isEqualTo(Outcome.WARN);
    assertThat(Classification.of(figures(100, 200, 0, 91), T, 0.2).level()).isEqualTo(Outcome.WARN);
    assertThat(Classification.of(figures(100, 200, 0, 89.9), T, 0.2).level())
        .isEqualTo(Outcome.FAIL);
    assertThat(Classification.of(figures(1700, 200, 0, 89), T, 0.2).summary())
        .startsWith("classification: FAIL - webhook p95 1,700 ms (< 2,000 ms) warn;")
        .contains("accepted 89 % (>= 90 %) fail");
  }

  @Test
  void aJudgedFigureWithoutSamplesIsUnknownUnderEveryRule() {
    List<Classification.Row> rows =
        List.of(
            Classification.atMost("a", Double.NaN, "ms", 100, 0.2),
            Classification.noMoreThan("b", Double.NaN, "s", 30, 0.2),
            Classification.atLeast("c", Double.NaN, "%", 90, 0.2),
            Classification.reaches("d", Double.NaN, "webhooks/s", 20, 0.2));
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.level()).as(r.figure()).isEqualTo(Classification.Level.UNKNOWN);
              assertThat(r.why()).as(r.figure()).isEqualTo("no samples");
            });
    assertThat(rows.get(0).describe()).isEqualTo("a unknown: no samples (< 100 ms)");
  }

  @Test
  void anInfiniteFigureIsUnknownTooNotAFailOrAPass() {
    Classification.Row tooFast =
        Classification.atMost("a", Double.NEGATIVE_INFINITY, "ms", 100, 0.2);
    Classification.Row tooSlow =
        Classification.reaches("b", Double.POSITIVE_INFINITY, "webhooks/s", 20, 0.2);
    assertThat(List.of(tooFast, tooSlow))
        .allSatisfy(r -> assertThat(r.level()).isEqualTo(Classification.Level.UNKNOWN));
    assertThat(tooFast.why()).isEqualTo("not a finite number (-Infinity)");
  }

  @Test
  void oneUnknownFigureMakesTheClassificationUnknownEvenBesideAFailure() {
    Classification c =
        Classification.of(
            List.of(
                Classification.atMost("webhook p95", 50, "ms", 100, 0.2),
                Classification.atMost("event latency p95", Double.NaN, "ms", 100, 0.2),
                Classification.noMoreThan("streams unfinished", 3, "", 0, 0.2)));
    assertThat(c.level()).isEqualTo(Outcome.UNKNOWN);
    assertThat(c.level().passes()).isFalse();
    assertThat(c.unknown())
        .extracting(Classification.Row::figure)
        .containsExactly("event latency p95");
    assertThat(c.summary())
        .startsWith("classification: UNKNOWN - webhook p95 50 ms (< 100 ms) pass;")
        .contains("; event latency p95 unknown: no samples (< 100 ms);");
    assertThat(c.failure())
        .hasValue(
            "classification UNKNOWN fails the run: event latency p95 unknown: no samples (< 100 ms);"
                + " streams unfinished 3 (<= 0) fail");
  }

  @Test
  void aPassOrWarnDoesNotFailTheRunAndAFailNamesItsFigure() {
    assertThat(Classification.of(figures(100, 200, 0, 100), T, 0.2).failure()).isEmpty();
    assertThat(Classification.of(figures(1700, 200, 0, 100), T, 0.2).failure()).isEmpty();
    assertThat(Classification.of(figures(2500, 200, 0, 100), T, 0.2).failure())
        .hasValue("classification FAIL fails the run: webhook p95 2,500 ms (< 2,000 ms) fail");
  }

  @Test
  void nothingJudgedIsUnknownNotAPass() {
    Classification onlyInfo =
        Classification.of(List.of(Classification.info("faults injected", 0, "")));
    assertThat(onlyInfo.level()).isEqualTo(Outcome.UNKNOWN);
    assertThat(onlyInfo.failure())
        .hasValue("classification UNKNOWN fails the run: no figure was judged");
    assertThat(Classification.of(List.of()).level()).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void anInfoFigureDecidesNothingAndWithoutAValueReadsNotApplicable() {
    Classification.Row cpu = Classification.info("engine CPU mean", Double.NaN, "%");
    assertThat(cpu.level()).isEqualTo(Classification.Level.INFO);
    assertThat(cpu.judged()).isFalse();
    assertThat(cpu.describe()).isEqualTo("engine CPU mean n/a");
    assertThat(Classification.info("engine heap max", 512, "MB").describe())
        .isEqualTo("engine heap max 512 MB");
    Classification c =
        Classification.of(List.of(cpu, Classification.atMost("webhook p95", 50, "ms", 100, 0.2)));
    assertThat(c.level()).isEqualTo(Outcome.PASS);
    assertThat(c.summary()).endsWith("engine CPU mean n/a; webhook p95 50 ms (< 100 ms) pass");
  }

  @Test
  void aFigureThatBrokeIsUnknownWithItsError() {
    Classification.Row broken =
        Classification.broken("LiveLogsSimulation figures", "IllegalStateException: no database");
    assertThat(broken.level()).isEqualTo(Classification.Level.UNKNOWN);
    assertThat(broken.describe())
        .isEqualTo("LiveLogsSimulation figures unknown: IllegalStateException: no database");
  }

  @Test
  void nothingSentClassifiesAsUnknownNotAsAFastCleanRun() {
    HttpFigures none = HttpFigures.of(List.of());
    assertThat(none.failedPercent()).isNaN();
    assertThat(none.successPercent()).isNaN();
    Classification c = Classification.of(none, T, 0.2);
    assertThat(c.level()).isEqualTo(Outcome.UNKNOWN);
    assertThat(c.unknown())
        .extracting(Classification.Row::figure)
        .containsExactly("webhook p95", "webhook p99", "failed", "accepted");
    assertThat(c.summary()).contains("webhook p95 unknown: no samples (< 2,000 ms);");
  }

  @Test
  void onlyUnsignedRequestsLeaveTheAcceptedShareUnmeasured() {
    HttpFigures rejectedOnly =
        HttpFigures.of(List.of(new LedgerEntry("t-i-1", "s", 1000, 401, 401, 1005, null)));
    assertThat(rejectedOnly.failedPercent()).isZero();
    assertThat(rejectedOnly.successPercent()).isNaN();
  }

  @Test
  void figuresComeFromTheLedger() {
    List<LedgerEntry> ledger = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      ledger.add(
          new LedgerEntry(
              "t-i-" + i, "s", 1000 + i * 100, 202, 202, 1000 + i * 100 + 10 + i, null));
    }
    ledger.add(new LedgerEntry("t-i-18", "s", 2800, 401, 401, 2805, null)); // rejected as expected
    ledger.add(new LedgerEntry("t-i-19", "s", 2900, 202, 0, 0, null)); // no answer
    HttpFigures f = HttpFigures.of(ledger);
    assertThat(f.sent()).isEqualTo(20);
    assertThat(f.failedPercent()).isEqualTo(5.0);
    assertThat(f.successPercent())
        .isCloseTo(100.0 * 18 / 19, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(f.latency().count()).isEqualTo(19);
    assertThat(f.latency().max()).isEqualTo(27);
    assertThat(f.ratePerSecond()).isCloseTo(20 / 1.9, org.assertj.core.data.Offset.offset(1e-9));
  }
}
