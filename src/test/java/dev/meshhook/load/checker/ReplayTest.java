package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {
  private static List<ReplayFold.Event> completedRun() {
    return List.of(
        ReplayFold.Event.of(1, Instant.ofEpochMilli(1), "run_created", "{\"body\": \"{}\"}"),
        ReplayFold.Event.of(
            2, Instant.ofEpochMilli(2), "step_succeeded", "{\"step\": 0, \"id\": \"a\"}"),
        ReplayFold.Event.of(3, Instant.ofEpochMilli(3), "run_completed", "{}"));
  }

  @Test
  void aRowThatAgreesWithItsEventsPasses() {
    assertThat(Replay.judge(new Replay.StoredRun("t-i-1", "r1", "succeeded", true, completedRun())))
        .isEmpty();
  }

  @Test
  void anEditedRowIsOneMismatchNamingEveryFieldWithBothValues() {
    Replay.Mismatch m =
        Replay.judge(new Replay.StoredRun("t-i-1", "r1", "running", false, completedRun()))
            .orElseThrow();
    assertThat(m.describe())
        .isEqualTo(
            "t-i-1 (run r1): status stored running, replayed succeeded; finished_at stored empty, replayed set");
  }
}
