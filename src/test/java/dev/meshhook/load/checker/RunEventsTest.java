package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The event store over more than one chunk, and run numbering over more runs than the table of
 * recent runs holds, with events of many runs interleaved as an engine writes them.
 */
class RunEventsTest {
  private static final int RUNS = 80_000; // 5 events each: 400,000, over one chunk of 262,144
  private static final int IN_FLIGHT = 5_000; // more than the 4,096 recent runs remembered

  @Test
  void numbersStayOnePerRunWhateverTheOrder() {
    RunIds ids = new RunIds();
    Map<UUID, Integer> expected = new HashMap<>();
    Random random = new Random(7);
    UUID[] runs = new UUID[RUNS];
    for (int i = 0; i < RUNS; i++) {
      runs[i] = new UUID(random.nextLong(), random.nextLong());
    }
    for (int n = 0; n < RUNS * 5; n++) {
      // mostly a run in flight, sometimes one long done, sometimes a new one
      int i = Math.min(RUNS - 1, Math.max(0, n / 5 - random.nextInt(IN_FLIGHT)));
      UUID run = random.nextInt(50) == 0 ? runs[random.nextInt(RUNS)] : runs[i];
      int number = ids.add(run.getMostSignificantBits(), run.getLeastSignificantBits());
      Integer before = expected.putIfAbsent(run, number);
      assertThat(number).isEqualTo(before == null ? expected.size() - 1 : before);
    }
    for (Map.Entry<UUID, Integer> e : expected.entrySet()) {
      UUID run = e.getKey();
      assertThat(ids.find(run.getMostSignificantBits(), run.getLeastSignificantBits()))
          .isEqualTo(e.getValue());
    }
    assertThat(ids.size()).isEqualTo(expected.size());
  }

  @Test
  void eachRunGetsBackItsOwnEventsAcrossChunks() {
    RunEvents events = new RunEvents();
    Random random = new Random(11);
    UUID[] runs = new UUID[RUNS];
    int[] written = new int[RUNS];
    for (int i = 0; i < RUNS; i++) {
      runs[i] = new UUID(random.nextLong(), random.nextLong());
    }
    byte[] steps = {
      RunLog.RUN_CREATED,
      RunLog.STEP_STARTED,
      RunLog.STEP_SUCCEEDED,
      RunLog.STEP_STARTED,
      RunLog.RUN_COMPLETED
    };
    // runs started in order, each taking its next step at random while others are in flight
    int next = 0;
    long id = 0;
    java.util.List<Integer> open = new java.util.ArrayList<>();
    while (next < RUNS || !open.isEmpty()) {
      if (next < RUNS && (open.size() < IN_FLIGHT && random.nextInt(3) > 0 || open.isEmpty())) {
        open.add(next++);
      }
      int k = random.nextInt(open.size());
      int run = open.get(k);
      id++;
      events.add(
          runs[run].getMostSignificantBits(),
          runs[run].getLeastSignificantBits(),
          id,
          id * 10,
          steps[written[run]],
          written[run] == 2 ? 0 : -1);
      if (++written[run] == steps.length) {
        open.set(k, open.get(open.size() - 1));
        open.remove(open.size() - 1);
      }
    }
    assertThat(events.events()).isEqualTo(RUNS * steps.length);
    RunLog log = new RunLog();
    for (UUID run : runs) {
      events.copy(events.slot(run), log);
      assertThat(log.size()).isEqualTo(steps.length);
      assertThat(log.firstIsRunCreated()).isTrue();
      assertThat(log.endsWithTerminal()).isTrue();
      assertThat(log.terminalEvents()).isEqualTo(1);
      assertThat(log.outOfOrder()).isZero();
    }
  }
}
