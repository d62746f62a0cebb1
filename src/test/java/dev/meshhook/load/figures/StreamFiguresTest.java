package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.evidence.OperationLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamFiguresTest {
  private static final Map<String, List<Long>> DATABASE =
      Map.of("run-a", List.of(1L, 2L, 3L), "run-b", List.of(4L, 5L));

  /**
   * A stream of run {@code run} that received these event ids; the last one ends the run if {@code
   * ended}.
   */
  private static List<OperationLog.StreamEvent> stream(
      long stream, String run, boolean ended, long... ids) {
    List<OperationLog.StreamEvent> events = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      String type = ended && i == ids.length - 1 ? "run_completed" : "step_completed";
      // Connected at 1000; events stamped 1000 + id and received 5 ms later.
      events.add(
          new OperationLog.StreamEvent(
              stream, run, ids[i], type, 1000 + ids[i], 1005 + ids[i], 1000));
    }
    return events;
  }

  private static List<OperationLog.StreamEvent> all(List<List<OperationLog.StreamEvent>> streams) {
    return streams.stream().flatMap(List::stream).toList();
  }

  @Test
  void completeStreamsHaveNoGapNoDuplicateAndTheirLiveLatency() {
    StreamFigures.Streams s =
        StreamFigures.judge(
            all(List.of(stream(1, "run-a", true, 1, 2, 3), stream(2, "run-b", true, 4, 5))),
            DATABASE);
    assertThat(s.missed() + s.duplicated() + s.outOfOrder() + s.unfinished()).isZero();
    assertThat(s.live().count()).isEqualTo(5);
    assertThat(s.live().p99()).isEqualTo(5);
  }

  @Test
  void aGapADuplicateAndDisorderAreEachCounted() {
    StreamFigures.Streams s =
        StreamFigures.judge(
            all(
                List.of(
                    stream(1, "run-a", true, 1, 3),
                    stream(2, "run-b", true, 4, 4, 5),
                    stream(3, "run-a", true, 2, 1, 3))),
            DATABASE);
    assertThat(s.missed()).isEqualTo(1);
    assertThat(s.duplicated()).isEqualTo(1);
    assertThat(s.outOfOrder()).isEqualTo(1);
  }

  @Test
  void aStreamCutShortIsUnfinishedNotAGap() {
    StreamFigures.Streams s = StreamFigures.judge(stream(1, "run-a", false, 1), DATABASE);
    assertThat(s.unfinished()).isEqualTo(1);
    assertThat(s.missed()).isZero();
  }
}
