package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.config.SoakShape;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.ledger.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class SoakFiguresTest {
  // No ramp to speak of, 10 min steady, windows of 1 min; at most 1 MB/min of old generation.
  private static final SoakShape SHAPE =
      new SoakShape(
          1,
          Duration.ofMillis(0),
          Duration.ofMinutes(10),
          Duration.ofMinutes(1),
          5,
          1,
          0.5,
          new SuiteConfig.Thresholds(2000, 5000, 1, 90));
  private static final long START = 1_000_000;

  private static List<LedgerEntry> ledger(LongToDoubleFunction latencyAtMinute) {
    List<LedgerEntry> ledger = new ArrayList<>();
    for (int s = 0; s < 600; s++) {
      long sent = START + s * 1000L;
      ledger.add(
          new LedgerEntry(
              "t-i-" + s,
              "order-created",
              sent,
              202,
              202,
              sent + (long) latencyAtMinute.applyAsDouble(s / 60),
              "r"));
    }
    return ledger;
  }

  /** Samples every 5 s whose heap after the last collection follows {@code oldGenAtSecond}. */
  private static List<ResourceSampler.Sample> samples(LongToDoubleFunction oldGenAtSecond) {
    List<ResourceSampler.Sample> samples = new ArrayList<>();
    for (int s = 0; s < 600; s += 5) {
      samples.add(
          new ResourceSampler.Sample(
              START + s * 1000L, 100, 200, oldGenAtSecond.applyAsDouble(s), 20, 1, 0, 0, 17, 8));
    }
    return samples;
  }

  private static Classification.Row row(List<Classification.Row> rows, String figure) {
    return rows.stream().filter(r -> r.figure().equals(figure)).findFirst().orElseThrow();
  }

  @Test
  void aSteadyRunHasFlatSlopes() {
    List<Classification.Row> rows = SoakFigures.rows(SHAPE, ledger(m -> 20), samples(s -> 40), 0.2);
    assertThat(row(rows, "p99 drift").value()).isCloseTo(0, within(1e-9));
    assertThat(row(rows, "leak: heap after collection trend").value()).isCloseTo(0, within(1e-9));
    assertThat(Classification.of(rows).level()).isEqualTo(Outcome.PASS);
  }

  @Test
  void aGrowingFloorIsALeakAndGrowingLatencyIsDrift() {
    // Collected once a minute, each collection leaving 3 MB more behind.
    List<Classification.Row> rows =
        SoakFigures.rows(SHAPE, ledger(m -> 20 + 10 * m), samples(s -> 40 + 3 * (s / 60)), 0.2);
    assertThat(row(rows, "leak: heap after collection trend").value()).isCloseTo(3, within(0.01));
    assertThat(row(rows, "leak: heap after collection trend").level())
        .isEqualTo(Classification.Level.FAIL);
    assertThat(row(rows, "p99 drift").value()).isCloseTo(10, within(0.01));
    assertThat(row(rows, "p99 drift").level()).isEqualTo(Classification.Level.FAIL);
  }

  @Test
  void aHeapNeverCollectedIsNotJudged() {
    List<Classification.Row> rows = SoakFigures.rows(SHAPE, ledger(m -> 20), samples(s -> 0), 0.2);
    Classification.Row heap =
        row(rows, "leak: heap not judged, windows with an old-generation collection");
    assertThat(heap.judged()).isFalse();
    assertThat(heap.value()).isZero();
  }

  @Test
  void aTargetThatPublishesNoHeapOrConnectionsLeavesBothLeaksUnknown() {
    List<ResourceSampler.Sample> external = new ArrayList<>();
    for (int s = 0; s < 600; s += 5) {
      external.add(
          new ResourceSampler.Sample(
              START + s * 1000L,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN));
    }
    List<Classification.Row> rows = SoakFigures.rows(SHAPE, ledger(m -> 20), external, 0.2);
    assertThat(row(rows, "leak: heap after collection trend").level())
        .isEqualTo(Classification.Level.UNKNOWN);
    assertThat(row(rows, "leak: DB connections trend").level())
        .isEqualTo(Classification.Level.UNKNOWN);
    assertThat(row(rows, "p99 drift").level()).isEqualTo(Classification.Level.PASS);
    assertThat(Classification.of(rows).level()).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void anEmptyLedgerLeavesTheDriftUnknown() {
    List<Classification.Row> rows = SoakFigures.rows(SHAPE, List.of(), samples(s -> 40), 0.2);
    assertThat(row(rows, "p99 drift").level()).isEqualTo(Classification.Level.UNKNOWN);
  }
}
