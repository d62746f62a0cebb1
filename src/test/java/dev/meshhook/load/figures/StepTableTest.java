package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meshhook.load.evidence.RunTimings;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepTableTest {
  private static final long T0 = 1_700_000_000_000L;
  // The database's clock runs 3 s ahead of the injector's: the table lines them up.
  private static final long SKEW = 3_000;

  @Test
  void aStepThatKeepsUpIsStableAndLittlesLawHolds() {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunTimings.Run> runs = new ArrayList<>();
    // 10/s for 20 s; each run spends 500 ms in the engine, its first step 10 ms after creation.
    for (int i = 0; i < 200; i++) {
      long sent = T0 + i * 100L;
      ledger.add(new LedgerEntry("t-0-" + i, "s", sent, 202, 202, sent + 20, "r" + i));
      long created = sent + SKEW + 5;
      runs.add(new RunTimings.Run("t-0-" + i, created, created + 10, created + 500));
    }
    StepTable.Step s =
        StepTable.of(
                List.of(new StepTable.Window("10/s", T0 + 5_000, T0 + 15_000, 10)),
                ledger,
                runs,
                5_000,
                1)
            .get(0);
    assertThat(s.state()).isEqualTo(StepTable.State.STABLE);
    assertThat(s.acceptedPerSec()).isCloseTo(10, within(0.01));
    assertThat(s.completedPerSec()).isCloseTo(10, within(0.2));
    assertThat(s.backlogSlopePerSec()).isCloseTo(0, within(0.2));
    assertThat(s.dwellP99Ms()).isEqualTo(10);
    assertThat(s.inFlight()).isCloseTo(5, within(0.5));
    assertThat(s.littleInFlight()).isCloseTo(s.inFlight(), within(0.5));
  }

  @Test
  void completionsThatFallBehindSaturateAndABrokenThresholdOverloads() {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunTimings.Run> runs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long sent = T0 + i * 100L;
      // Every fifth is refused by the rate limit in the second window only.
      int status = i >= 50 && i % 5 == 0 ? 429 : 202;
      ledger.add(new LedgerEntry("t-0-" + i, "s", sent, 202, status, sent + 20, null, true));
      if (status == 202) {
        long created = sent + 5;
        // The engine keeps up with only half the runs: the others are still running.
        runs.add(
            new RunTimings.Run(
                "t-0-" + i, created, created + 10, i % 2 == 0 ? created + 200 : RunTimings.NEVER));
      }
    }
    List<StepTable.Step> steps =
        StepTable.of(
            List.of(
                new StepTable.Window("10/s", T0, T0 + 5_000, 10),
                new StepTable.Window("10/s again", T0 + 5_000, T0 + 10_000, 10)),
            ledger,
            runs,
            5_000,
            1);
    assertThat(steps.get(0).state()).isEqualTo(StepTable.State.SATURATING);
    assertThat(steps.get(0).backlogSlopePerSec()).isCloseTo(5, within(0.5));
    assertThat(steps.get(1).state()).isEqualTo(StepTable.State.OVERLOADED);
    assertThat(steps.get(1).rateLimitedPercent()).isCloseTo(20, within(0.01));
  }

  @Test
  void aStepThatKeepsUpOnlyByQueueingIsSaturating() {
    // Three steps of 10/s that all keep up; runs wait 10 ms, then 40 ms, then 120 ms for a worker
    // (every run alike, so the mean is the p99). 40 ms is 4x the first but within a few runs'
    // jitter; 120 ms is 12x and past 50 ms: queued.
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunTimings.Run> runs = new ArrayList<>();
    long[] dwell = {10, 40, 120};
    for (int i = 0; i < 300; i++) {
      long sent = T0 + i * 100L;
      ledger.add(new LedgerEntry("t-0-" + i, "s", sent, 202, 202, sent + 20, "r" + i));
      long created = sent + 5;
      long first = created + dwell[i / 100];
      runs.add(new RunTimings.Run("t-0-" + i, created, first, first + 100));
    }
    List<StepTable.Step> steps =
        StepTable.of(
            List.of(
                new StepTable.Window("a", T0, T0 + 10_000, 10),
                new StepTable.Window("b", T0 + 10_000, T0 + 20_000, 10),
                new StepTable.Window("c", T0 + 20_000, T0 + 30_000, 10)),
            ledger,
            runs,
            5_000,
            1);
    assertThat(steps).extracting(StepTable.Step::dwellP99Ms).containsExactly(10.0, 40.0, 120.0);
    assertThat(steps)
        .extracting(StepTable.Step::state)
        .containsExactly(
            StepTable.State.STABLE, StepTable.State.STABLE, StepTable.State.SATURATING);
    assertThat(steps.get(2).completedPerSec()).isCloseTo(10, within(0.2));
  }

  @Test
  void aStepWithNothingFinishedHasNoDwellNorLittleFigureButNeverZeroLatency() {
    StepTable.Step s =
        StepTable.of(
                List.of(new StepTable.Window("10/s", T0, T0 + 1_000, 10)),
                List.of(),
                List.of(),
                5_000,
                1)
            .get(0);
    assertThat(s.p99Ms()).isNaN();
    assertThat(s.dwellP99Ms()).isNaN();
    assertThat(s.state()).isEqualTo(StepTable.State.OVERLOADED);
  }
}
