package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingFiguresTest {
  private static final Bottleneck.Named WORKERS =
      new Bottleneck.Named(Bottleneck.Resource.WORKERS, 25, "25/s", List.of("busy"), Map.of());
  private static final Bottleneck.Named INJECTOR =
      new Bottleneck.Named(Bottleneck.Resource.INJECTOR, 45, "45/s", List.of("behind"), Map.of());
  private static final Bottleneck.Named NONE =
      new Bottleneck.Named(Bottleneck.Resource.NONE, Double.NaN, "", List.of("kept up"), Map.of());

  /**
   * Stairs at 5, 15, 25, ... whose steps complete what they are offered up to {@code capacity}, and
   * {@code capacity} from the first step offered more, which is the knee.
   */
  static ScalingFigures.Count count(int replicas, double capacity, Bottleneck.Named named) {
    List<StepTable.Step> steps = new ArrayList<>();
    for (double rate = 5; rate <= 45; rate += 10) {
      boolean over = rate > capacity;
      StepTable.Step s =
          BottleneckTest.step(
              rate + "/s", rate, 0, over ? StepTable.State.SATURATING : StepTable.State.STABLE);
      steps.add(
          new StepTable.Step(
              s.window(),
              rate,
              rate,
              Math.min(rate, capacity),
              s.p99Ms(),
              s.meanLatencyMs(),
              0,
              0,
              over ? rate - capacity : 0,
              s.dwellP99Ms(),
              s.meanDwellMs(),
              s.inFlight(),
              s.littleInFlight(),
              s.state()));
    }
    return new ScalingFigures.Count(replicas, steps, named);
  }

  @Test
  void throughputAtTheKneeAndEfficiencyRelativeToTheFirstCount() {
    ScalingFigures.Result r =
        ScalingFigures.of(List.of(count(1, 20, WORKERS), count(2, 38, WORKERS)), 2);

    assertThat(r.points()).extracting(ScalingFigures.Point::replicas).containsExactly(1, 2);
    ScalingFigures.Point one = r.points().get(0), two = r.points().get(1);
    assertThat(one.kneeRate()).isEqualTo(25);
    assertThat(one.throughput()).isEqualTo(20);
    assertThat(one.efficiency()).isEqualTo(1.0);
    assertThat(two.kneeRate()).isEqualTo(45);
    assertThat(two.throughput()).isEqualTo(38);
    assertThat(two.efficiency()).isCloseTo(38 / (2 * 20.0), within(1e-9));
    // Two counts: the USL cannot be fitted, and says why; the verdict rests on efficiency.
    assertThat(r.usl().verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(r.usl().reason()).contains("2 replica counts").contains("need 3");
    assertThat(r.verdict()).isEqualTo(Usl.Verdict.LINEAR);
    assertThat(r.basis()).contains("by efficiency at 2 replicas, 0.95");
    assertThat(r.verdictLine())
        .startsWith("scaling: linear")
        .endsWith("on 2 cores, shared by the engines, PostgreSQL and the injector");
    assertThat(r.tableLines()).hasSize(3);
    assertThat(r.tableLines().get(2))
        .contains("2 ")
        .contains("45/s")
        .contains("38 runs/s")
        .contains("0.95")
        .contains("workers");
  }

  @Test
  void lessThanLinearIsContentionLimitedAndAFallIsRetrograde() {
    assertThat(
            ScalingFigures.of(List.of(count(1, 20, WORKERS), count(2, 26, WORKERS)), 2).verdict())
        .isEqualTo(Usl.Verdict.CONTENTION_LIMITED);
    ScalingFigures.Result fell =
        ScalingFigures.of(List.of(count(1, 30, WORKERS), count(2, 22, WORKERS)), 2);
    assertThat(fell.verdict()).isEqualTo(Usl.Verdict.RETROGRADE);
    assertThat(fell.basis()).contains("fell from 30 runs/s at 1 replica to 22 at 2 replicas");
    // Within one step's noise of the count before: not a fall.
    assertThat(
            ScalingFigures.of(List.of(count(1, 30, WORKERS), count(2, 29, WORKERS)), 2).verdict())
        .isEqualTo(Usl.Verdict.CONTENTION_LIMITED);
  }

  @Test
  void noKneeOrAnInjectorThatSetThePaceLeavesTheVerdictUnknown() {
    ScalingFigures.Result noKnee =
        ScalingFigures.of(List.of(count(1, 20, WORKERS), count(2, 100, NONE)), 2);
    assertThat(noKnee.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(noKnee.basis()).startsWith("no knee at 2 replicas");
    assertThat(noKnee.points().get(1).kneeReached()).isFalse();
    assertThat(noKnee.points().get(1).kneeRate()).isNaN();
    // What it was offered at the top step: a floor, shown but not judged.
    assertThat(noKnee.points().get(1).throughput()).isEqualTo(45);

    ScalingFigures.Result injector =
        ScalingFigures.of(List.of(count(1, 20, WORKERS), count(2, 38, INJECTOR)), 2);
    assertThat(injector.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(injector.basis()).contains("at 2 replicas the injector set the pace");
    // Nor does the USL take the injector's figures for the engine's.
    assertThat(injector.usl().points()).extracting(Usl.Point::concurrency).containsOnly(1.0);

    ScalingFigures.Result alone = ScalingFigures.of(List.of(count(1, 20, WORKERS)), 2);
    assertThat(alone.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(alone.basis()).contains("one replica count");
    assertThat(ScalingFigures.of(List.of(), 2).basis()).contains("no replica count");
  }

  @Test
  void threeCountsFitTheUslOverTheStepsAtCapacity() {
    // Linear in workers: 20 runs/s per replica, each count's steps past its knee at capacity.
    ScalingFigures.Result r =
        ScalingFigures.of(
            List.of(count(1, 10, WORKERS), count(2, 20, WORKERS), count(3, 30, WORKERS)), 2);
    // Steps past the knee: 1 replica at 15..45 (4), 2 at 25..45 (3), 3 at 35..45 (2).
    assertThat(r.usl().points()).hasSize(9);
    assertThat(r.usl().points()).extracting(Usl.Point::concurrency).containsOnly(1.0, 2.0, 3.0);
    assertThat(r.usl().lambda()).isCloseTo(10, within(0.01));
    assertThat(r.verdict()).isEqualTo(r.usl().verdict()).isEqualTo(Usl.Verdict.LINEAR);
    assertThat(r.basis())
        .startsWith("the USL over 9 steps at capacity at 3 replica counts")
        .endsWith("no peak: throughput keeps rising with replicas)");
  }

  @Test
  void aUslPeakBeforeTheLargestCountIsRetrogradeAndNamesThePeak() {
    ScalingFigures.Result r =
        ScalingFigures.of(
            List.of(count(1, 20, WORKERS), count(2, 30, WORKERS), count(3, 28, WORKERS)), 2);
    assertThat(r.usl().verdict()).isEqualTo(Usl.Verdict.RETROGRADE);
    assertThat(r.verdict()).isEqualTo(Usl.Verdict.RETROGRADE);
    assertThat(r.basis()).contains("throughput peaks at 2 replicas");
  }

  @Test
  void aCountThatBeganOnABacklogOrWasNeverReachedLeavesTheVerdictUnknown() {
    ScalingFigures.Result backlog =
        ScalingFigures.of(
            List.of(
                count(1, 20, WORKERS),
                new ScalingFigures.Count(
                    2,
                    count(2, 38, WORKERS).steps(),
                    WORKERS,
                    "the stairs began with 120 runs of the counts before still pending")),
            2);
    assertThat(backlog.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(backlog.basis()).startsWith("at 2 replicas the stairs began with 120 runs");
    // Its figures stay in the table, and out of the USL.
    assertThat(backlog.points()).hasSize(2);
    assertThat(backlog.usl().points()).extracting(Usl.Point::concurrency).containsOnly(1.0);

    ScalingFigures.Result cut =
        ScalingFigures.of(
            List.of(count(1, 20, WORKERS), count(2, 38, WORKERS)), List.of(1, 2, 4), 2);
    assertThat(cut.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(cut.basis()).isEqualTo("the run ended before 4 replicas");
  }

  @Test
  void noRunFinishedIsUnknownNotAVerdictOverNothing() {
    ScalingFigures.Result idle =
        ScalingFigures.of(List.of(count(1, 0, WORKERS), count(2, 0, WORKERS)), 2);
    assertThat(idle.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    assertThat(idle.basis()).startsWith("no run finished at 1 replica, 2 replicas");
  }

  @Test
  void aFallAtACountInTheMiddleIsRetrogradeThoughTheLastIsAboveTheFirst() {
    ScalingFigures.Result fell =
        ScalingFigures.of(
            List.of(count(1, 14, WORKERS), count(2, 30, WORKERS), count(3, 20, WORKERS)),
            List.of(1, 2, 3),
            2);
    assertThat(fell.verdict()).isEqualTo(Usl.Verdict.RETROGRADE);
    assertThat(fell.basis()).contains("throughput peaks at 2 replicas");
  }
}
