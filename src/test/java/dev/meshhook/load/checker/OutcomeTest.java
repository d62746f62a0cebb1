package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  @Test
  void aFailureFoundOutweighsNotKnowingWhichOutweighsAWarning() {
    assertThat(Outcome.PASS.worst(Outcome.WARN)).isEqualTo(Outcome.WARN);
    assertThat(Outcome.WARN.worst(Outcome.UNKNOWN)).isEqualTo(Outcome.UNKNOWN);
    assertThat(Outcome.UNKNOWN.worst(Outcome.FAIL)).isEqualTo(Outcome.FAIL);
    assertThat(Outcome.FAIL.worst(Outcome.PASS)).isEqualTo(Outcome.FAIL);
    assertThat(Outcome.worst(List.of(Outcome.WARN, Outcome.FAIL, Outcome.UNKNOWN)))
        .isEqualTo(Outcome.FAIL);
    assertThat(Outcome.worst(List.of())).isEqualTo(Outcome.PASS);
  }

  @Test
  void onlyPassAndWarnLetTheBuildPass() {
    assertThat(Outcome.values())
        .filteredOn(Outcome::passes)
        .containsExactly(Outcome.PASS, Outcome.WARN);
  }

  @Test
  void labelsReadBackAndAnythingElseIsRefused() {
    for (Outcome o : Outcome.values()) {
      assertThat(Outcome.of(o.label())).isEqualTo(o);
    }
    assertThat(Outcome.of("FAIL")).isEqualTo(Outcome.FAIL);
    assertThatThrownBy(() -> Outcome.of("none")).isInstanceOf(IllegalArgumentException.class);
  }
}
