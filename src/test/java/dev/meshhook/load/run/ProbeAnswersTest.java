package dev.meshhook.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a list's and a repeated key's answers are read as: known only in the contract's shape. */
class ProbeAnswersTest {
  @Test
  void aListIsReadOnlyWhenEveryRunInItHasAnId() {
    assertThat(ProbeAnswers.listedRunIds("{\"runs\":[{\"id\":\"a\"},{\"id\":\"b\",\"x\":1}]}"))
        .contains(List.of("a", "b"));
    assertThat(ProbeAnswers.listedRunIds("{\"runs\":[]}")).contains(List.of());
    // Each of these would have read as "listed nothing of anyone's" before: unknown instead.
    assertThat(ProbeAnswers.listedRunIds("{\"items\":[{\"id\":\"a\"}]}")).isEmpty();
    assertThat(ProbeAnswers.listedRunIds("{\"runs\":[{\"runId\":\"a\"}]}")).isEmpty();
    assertThat(ProbeAnswers.listedRunIds("{\"runs\":[{\"id\":\"a\"},{\"id\":7}]}")).isEmpty();
    assertThat(ProbeAnswers.listedRunIds("{\"runs\":{\"id\":\"a\"}}")).isEmpty();
    assertThat(ProbeAnswers.listedRunIds("<html>runs</html>")).isEmpty();
    assertThat(ProbeAnswers.listedRunIds("")).isEmpty();
    assertThat(ProbeAnswers.listedRunIds(null)).isEmpty();
  }

  @Test
  void aRepeatedKeysAnswerNamesItsRunInTheBodyOrTheLocation() {
    assertThat(ProbeAnswers.namedRun("{\"runId\":\"r1\",\"replayed\":true}", "/api/runs/r2"))
        .contains("r1");
    assertThat(ProbeAnswers.namedRun("", "/api/runs/r2")).contains("r2");
    assertThat(ProbeAnswers.namedRun("", "http://h/api/runs/r3")).contains("r3");
    assertThat(ProbeAnswers.namedRun("", null)).isEmpty(); // MeshHook's 202
    assertThat(ProbeAnswers.namedRun("not json", "/elsewhere")).isEmpty();
  }
}
