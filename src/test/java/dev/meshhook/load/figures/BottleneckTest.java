package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BottleneckTest {
  // The database's sessions, idle ones included, at every step: the pool's 4 and the sampler's.
  private static final double CONNECTIONS = 5;
  private static final Usage IDLE = usage(0.2, 4, 0, 0, 1, 0.5, 0, 0.1, Double.NaN);

  @Test
  void aRateLimitThatStartsAnsweringNamesItselfAtThatStep() {
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(
                step("60/s", 60, 0, StepTable.State.STABLE),
                step("120/s", 120, 20, StepTable.State.OVERLOADED)),
            List.of(IDLE, IDLE));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.RATE_LIMIT);
    assertThat(b.atStep()).isEqualTo("120/s");
    assertThat(b.evidence()).containsExactly("429 on 20 % of answers at 120/s, 0 % before");
    assertThat(b.describe()).startsWith("rate-limit at 120/s (429 on 20 %");
  }

  @Test
  void connectionsWaitingForThePoolNameThePool() {
    Usage waiting = usage(0.3, 1, 3, 0, 1, 0.5, 0, 0.1, Double.NaN);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(
                step("60/s", 60, 0, StepTable.State.STABLE),
                step("120/s", 120, 0, StepTable.State.SATURATING)),
            List.of(IDLE, waiting));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.DB_POOL);
    assertThat(b.evidence().get(0)).startsWith("75 % of the engine's connection requests waiting");
  }

  @Test
  void sessionsWaitingOnLocksNameTheLock() {
    Usage locked = usage(0.3, 4, 0, 0, 4, 0.5, 3, 0.1, Double.NaN);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(
                step("60/s", 60, 0, StepTable.State.STABLE),
                step("120/s", 120, 0, StepTable.State.SATURATING)),
            List.of(IDLE, locked));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.DB_LOCK);
  }

  @Test
  void noKneeIsNoneAndAKneeWithNothingMeasuredIsUnknownNeverAGuess() {
    assertThat(
            Bottleneck.of(List.of(step("60/s", 60, 0, StepTable.State.STABLE)), List.of(IDLE))
                .resource())
        .isEqualTo(Bottleneck.Resource.NONE);
    Bottleneck.Named unknown =
        Bottleneck.of(
            List.of(
                step("60/s", 60, 0, StepTable.State.STABLE),
                step("120/s", 120, 0, StepTable.State.SATURATING)),
            List.of(Usage.UNKNOWN, Usage.UNKNOWN));
    assertThat(unknown.resource()).isEqualTo(Bottleneck.Resource.UNKNOWN);
    assertThat(unknown.evidence())
        .first()
        .asString()
        .startsWith("the first step that was not stable is 120/s (saturating)");
    assertThat(unknown.evidence()).contains("db-pool not measured", "db-lock not measured");
  }

  @Test
  void aBusyInjectorIsNamedFirstWhateverElseGrew() {
    Usage busy = usage(0.3, 4, 0, 0, 1, 0.5, 0, 0.1, 0.9);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(
                step("60/s", 60, 0, StepTable.State.STABLE),
                step("120/s", 120, 30, StepTable.State.OVERLOADED)),
            List.of(IDLE, busy));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.INJECTOR);
    assertThat(b.evidence().get(0)).contains("90 % of its cores");
  }

  @Test
  void theRateLimitsFixComesFirstAndSaysItIsNotCapacity() {
    StepTable.Step knee = step("120/s", 120, 20, StepTable.State.OVERLOADED);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(step("60/s", 60, 0, StepTable.State.STABLE), knee), List.of(IDLE, IDLE));
    List<Recommendations.Fix> fixes = Recommendations.of(b, knee, IDLE);
    assertThat(fixes).isNotEmpty();
    assertThat(fixes.get(0).rank()).isEqualTo(1);
    assertThat(fixes.get(0).resource()).isEqualTo("rate-limit");
    assertThat(fixes.get(0).action()).contains("not the engine's capacity");
    assertThat(fixes.get(0).evidence()).contains("429 on 20 %");
  }

  @Test
  void aPoolFullOfSessionsWaitingOnALockIsTheLocksSaturationSeenDownstream() {
    // Hot row: 15 of 16 active sessions wait on the row's lock, 238 requests wait for the pool.
    Usage before = usage(0.5, 16, 24, 4, 15, 0.5, 14, 0, Double.NaN);
    Usage knee = usage(0.5, 16, 238, 212, 15, 0.5, 14, 0, Double.NaN);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(
                step("65/s", 65, 0, StepTable.State.STABLE),
                step("125/s", 125, 0, StepTable.State.OVERLOADED)),
            List.of(before, knee));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.DB_LOCK);
    assertThat(b.evidence().get(0))
        .startsWith("93 % of the database's active sessions waiting on locks at 125/s")
        // The runs queued most (the symptom that grew most), behind sessions waiting on the lock.
        .contains("; so runs queued for 100 % of a second's acceptances");
  }

  @Test
  void aResourceFullAtBothStepsIsNamedThoughItDidNotGrow() {
    Usage full = usage(0.3, 4, 0, 0, 10, 0.5, 9, 0.1, Double.NaN);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(
                step("65/s", 65, 0, StepTable.State.STABLE),
                step("125/s", 125, 0, StepTable.State.SATURATING)),
            List.of(full, full));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.DB_LOCK);
  }

  @Test
  void runsQueuedBehindAFullPoolNameThePool() {
    // A pool of one: 3 then 9 requests waiting for its one connection, and the queue of runs
    // grows faster than the pool's share, since the workers wait for that connection too.
    Usage before = usage(0.5, 1, 3, 7, 1, 0.8, 0, 0, Double.NaN);
    Usage knee = usage(0.5, 1, 9, 206, 1, 0.8, 0, 0, Double.NaN);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(
                step("125/s", 125, 0, StepTable.State.STABLE),
                step("245/s", 245, 0, StepTable.State.OVERLOADED)),
            List.of(before, knee));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.DB_POOL);
    assertThat(b.evidence().get(0))
        .startsWith("90 % of the engine's connection requests waiting for the pool at 245/s")
        .contains("; so runs queued");
  }

  @Test
  void aPoolOfOneWhoseOneSessionWaitsOnItsCommitFlushIsStillThePool() {
    // The one connection is sampled in a WAL flush every time: 100 % of one active session is
    // waiting on I/O, but nothing queues for the disk; 9 requests queue for the connection.
    Usage before = usage(0.5, 1, 3, 7, 1, 0.8, 0, 1, Double.NaN);
    Usage knee = usage(0.5, 1, 9, 206, 1, 0.8, 0, 1, Double.NaN);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(
                step("125/s", 125, 0, StepTable.State.STABLE),
                step("245/s", 245, 0, StepTable.State.OVERLOADED)),
            List.of(before, knee));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.DB_POOL);
  }

  @Test
  void timeWaitingForThePoolIsAFixRankedAfterTheNamedBottleneck() {
    // Locks named; 3 connection requests waiting on average at 120 runs/s is 25 ms of each run.
    Usage locked = usage(0.3, 4, 3, 0, 4, 0.5, 3, 0.1, Double.NaN);
    StepTable.Step knee = step("120/s", 120, 0, StepTable.State.SATURATING);
    Bottleneck.Named b =
        Bottleneck.of(
            List.of(step("60/s", 60, 0, StepTable.State.STABLE), knee), List.of(IDLE, locked));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.DB_LOCK);
    assertThat(b.timeBudget()).containsEntry("pool wait", 25.0);
    List<Recommendations.Fix> fixes = Recommendations.of(b, knee, locked);
    assertThat(fixes)
        .extracting(Recommendations.Fix::resource)
        .containsExactly("db-lock", "db-pool");
    assertThat(fixes.get(1).action()).startsWith("each run waits 25 ms for a connection");
    assertThat(fixes.get(1).evidence()).startsWith("pool wait: 25 ms of ");
  }

  @Test
  void aStepThatKeptUpWithHalfThePoolsRequestsWaitingIsTheKnee() {
    // A pool of one: the engine kept up at both steps, but at 205/s five requests waited for the
    // one connection: saturation by the USE method, though throughput did not fall behind.
    Usage quiet = usage(0.1, 0.2, 0, 0, 0, 0, 0, 0, 0.05);
    Usage waiting = usage(0.35, 1, 5, 5, 0, 0, 0, 0, 0.25);
    assertThat(Bottleneck.queued(quiet)).isFalse();
    assertThat(Bottleneck.queued(waiting)).isTrue();
    assertThat(Bottleneck.queued(Usage.UNKNOWN)).as("not measured is no queue").isFalse();
    List<StepTable.Step> steps =
        StepTable.saturatedWhere(
            List.of(
                step("5/s", 5, 0, StepTable.State.STABLE),
                step("205/s", 205, 0, StepTable.State.STABLE)),
            List.of(false, true));
    assertThat(steps)
        .extracting(StepTable.Step::state)
        .containsExactly(StepTable.State.STABLE, StepTable.State.SATURATING);
    Bottleneck.Named b = Bottleneck.of(steps, List.of(quiet, waiting));
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.DB_POOL);
    assertThat(b.atStep()).isEqualTo("205/s");
  }

  @Test
  void anInjectorThatSentLessThanAskedIsNamedWhateverItsCpuRead() {
    // Recorded: quick stress stairs 5, 305, 605/s from an injector pinned to one of two cores
    // (taskset -c 1) against an engine on both. The injector fell behind its schedule, so every
    // window was misplaced (the "5/s" window saw 188/s), it sent 72/s in the 605/s one, and the
    // operating system's process load read 27 %, 22 %, 14 % of the machine: it divides by both
    // cores. The analysis said unknown at 5/s; the shortfall is the injector's.
    List<StepTable.Step> steps =
        List.of(
            sent(step("5/s", 5, 0, StepTable.State.SATURATING), 187.56),
            sent(step("305/s", 305, 0, StepTable.State.SATURATING), 574.22),
            sent(step("605/s", 605, 0, StepTable.State.SATURATING), 72.22));
    List<Usage> recorded =
        List.of(
            usage(0.536, 6.75, 0, 19, 0, 0, 0, 0, 0.271),
            usage(0.529, 6.75, 0, 407.25, 0.75, 0.75, 0, 0, 0.2163),
            usage(0.4518, 9, 0, 675, 1, 0.5, 0, 0.25, 0.139));
    Bottleneck.Named b = Bottleneck.of(steps, recorded);
    assertThat(b.resource()).isEqualTo(Bottleneck.Resource.INJECTOR);
    assertThat(b.atStep()).isEqualTo("605/s");
    assertThat(b.evidence().get(0))
        .startsWith("the injector sent 72.22/s of the 605/s asked for at 605/s")
        .contains("this run's figures are not the engine's");
    // On schedule, the same CPU readings name nothing of the injector's.
    assertThat(
            Bottleneck.of(
                    List.of(
                        step("5/s", 5, 0, StepTable.State.STABLE),
                        step("305/s", 305, 0, StepTable.State.SATURATING)),
                    recorded.subList(0, 2))
                .resource())
        .isNotEqualTo(Bottleneck.Resource.INJECTOR);
  }

  private static StepTable.Step sent(StepTable.Step s, double sentPerSec) {
    return new StepTable.Step(
        s.window(),
        sentPerSec,
        s.acceptedPerSec(),
        s.completedPerSec(),
        s.p99Ms(),
        s.meanLatencyMs(),
        s.errorsPercent(),
        s.rateLimitedPercent(),
        s.backlogSlopePerSec(),
        s.dwellP99Ms(),
        s.meanDwellMs(),
        s.inFlight(),
        s.littleInFlight(),
        s.state());
  }

  static StepTable.Step step(
      String name, double rate, double limitedPercent, StepTable.State state) {
    return new StepTable.Step(
        new StepTable.Window(name, 0, 1000, rate),
        rate,
        rate * (1 - limitedPercent / 100),
        rate * (1 - limitedPercent / 100),
        50,
        20,
        limitedPercent,
        limitedPercent,
        0,
        30,
        10,
        2,
        2,
        state);
  }

  static Usage usage(
      double engineCpu,
      double poolActive,
      double poolPending,
      double queueDepth,
      double dbActive,
      double dbCpu,
      double dbLock,
      double dbIo,
      double injectorCpu) {
    return new Usage(
        engineCpu,
        poolActive,
        poolPending,
        queueDepth,
        Double.NaN,
        Double.NaN,
        CONNECTIONS,
        dbActive,
        dbCpu,
        dbLock,
        dbIo,
        2,
        injectorCpu);
  }
}
