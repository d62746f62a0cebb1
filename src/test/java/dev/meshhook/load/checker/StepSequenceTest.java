package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSequenceTest {
  private final List<ReplayFold.Event> events = new ArrayList<>();

  private StepSequenceTest event(String type, String payload) {
    events.add(ReplayFold.Event.of(events.size() + 1, Instant.EPOCH, type, payload));
    return this;
  }

  private StepSequenceTest success(int step) {
    return event("step_started", "{\"step\":" + step + "}")
        .event("step_succeeded", "{\"step\":" + step + ",\"id\":\"s" + step + "\"}");
  }

  private List<String> problems(Dialect dialect) {
    return StepSequence.problems(events, dialect);
  }

  @Test
  void aRunThatWentStepByStepHasNoProblem() {
    event("run_created", "{}").success(0).success(1).success(2).event("run_completed", "{}");
    assertThat(problems(Dialect.REFERENCE)).isEmpty();
  }

  @Test
  void aSkippedMiddleStepIsAGap() {
    event("run_created", "{}").success(0).success(2).event("run_completed", "{}");
    assertThat(problems(Dialect.REFERENCE))
        .containsExactly(
            "step sequence: step 2 succeeded right after step 0, skipping step 1 (event 5)");
  }

  @Test
  void aRepeatAndAStepAfterTheEndAreFound() {
    event("run_created", "{}").success(0).success(1).success(1).event("run_completed", "{}");
    event("step_started", "{\"step\":2}");
    assertThat(problems(Dialect.REFERENCE))
        .containsExactly(
            "step sequence: step 1 succeeded again right after step 1 (event 7)",
            "step sequence: step_started (event 9) after the run ended");
  }

  @Test
  void aGotoIsFollowedAndAResumedAttemptStartsWhereItSays() {
    event("run_created", "{}")
        .event("step_succeeded", "{\"step\":0,\"id\":\"route\",\"goto\":\"ship\"}")
        .event("step_succeeded", "{\"step\":3,\"id\":\"ship\"}")
        .event("run_resumed", "{\"fromStep\":4}")
        .event("step_succeeded", "{\"step\":4,\"id\":\"done\"}")
        .event("run_completed", "{}");
    assertThat(problems(Dialect.REFERENCE)).isEmpty();

    events.clear();
    event("run_created", "{}")
        .event("step_succeeded", "{\"step\":0,\"id\":\"route\",\"goto\":\"ship\"}")
        .event("step_succeeded", "{\"step\":1,\"id\":\"pack\"}");
    assertThat(problems(Dialect.REFERENCE))
        .containsExactly(
            "step sequence: step 0 went to ship but step 1 (pack) succeeded next (event 3)");
  }

  @Test
  void meshHookNodesFollowTheNextTheyNamed() {
    event("run_created", "{}")
        .event("step_succeeded", "{\"node\":{\"id\":\"a\"},\"next\":\"b\"}")
        .event("step_succeeded", "{\"node\":{\"id\":\"c\"},\"next\":null}");
    assertThat(problems(Dialect.MESHHOOK))
        .containsExactly("step sequence: node a named b as next but c succeeded next (event 3)");
    assertThat(problems(Dialect.CONTRACT)).isEmpty();
  }
}
