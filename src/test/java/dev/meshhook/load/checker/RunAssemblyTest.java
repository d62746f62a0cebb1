package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Whole runs out of an unsorted stream: a run is handed over once, whole and in id order, or listed
 * to be read again, whatever the order of the stream: an event after the terminal one, a terminal
 * event before an earlier one, more runs in flight than the bound. On random streams, every run
 * handed over and not listed again is exactly the run's log.
 */
class RunAssemblyTest {
  private record Event(UUID run, long id, String type) {}

  private final Map<String, List<Long>> handedOver = new HashMap<>();
  private final List<String> order = new ArrayList<>();
  private int copies = 1;

  private RunAssembly assembly(int maxInFlight) {
    return new RunAssembly(
        maxInFlight,
        held -> {
          WholeRuns.Run run =
              held.run(
                  new RunAssembly.Row("load-" + held.runId(), "succeeded", true, "wf", copies));
          assertThat(new UUID(held.high(), held.low()).toString()).isEqualTo(held.runId());
          String id = run.stored().runId();
          order.add(id);
          handedOver.put(id, run.stored().events().stream().map(ReplayFold.Event::id).toList());
        });
  }

  private static void add(RunAssembly a, Event e) {
    a.add(
        e.run().getMostSignificantBits(),
        e.run().getLeastSignificantBits(),
        e.id(),
        e.id() * 1_000,
        e.type(),
        ("{\"n\": " + e.id() + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static UUID run(int n) {
    return new UUID(n, n * 31L);
  }

  @Test
  void aRunIsHandedOverAtItsTerminalEventWithItsEventsInIdOrder() {
    RunAssembly a = assembly(10);
    add(a, new Event(run(1), 2, "step_started"));
    add(a, new Event(run(1), 1, "run_created"));
    add(a, new Event(run(2), 3, "run_created"));
    assertThat(handedOver).isEmpty();
    add(a, new Event(run(1), 4, "run_completed"));
    assertThat(handedOver).containsOnlyKeys(run(1).toString());
    assertThat(handedOver.get(run(1).toString())).containsExactly(1L, 2L, 4L);
    add(a, new Event(run(2), 5, "run_failed"));
    a.finish();
    assertThat(handedOver.get(run(2).toString())).containsExactly(3L, 5L);
    assertThat(a.again()).isEmpty();
  }

  @Test
  void anEventAfterTheTerminalOneSendsTheRunToBeReadAgain() {
    RunAssembly a = assembly(10);
    add(a, new Event(run(1), 1, "run_created"));
    add(a, new Event(run(1), 2, "run_completed"));
    add(a, new Event(run(1), 3, "step_started")); // after the end, as the log holds it
    add(a, new Event(run(1), 4, "run_completed")); // a second terminal event
    a.finish();
    assertThat(order).containsExactly(run(1).toString()); // once, never again from the stream
    assertThat(a.again()).containsExactly(run(1).toString());
  }

  @Test
  void anEarlierEventStreamedAfterTheTerminalOneSendsTheRunToBeReadAgain() {
    RunAssembly a = assembly(10);
    add(a, new Event(run(1), 5, "run_completed"));
    add(a, new Event(run(1), 1, "run_created"));
    a.finish();
    assertThat(a.again()).containsExactly(run(1).toString());
  }

  @Test
  void runsWithoutATerminalEventAreWholeAtTheEnd() {
    RunAssembly a = assembly(10);
    add(a, new Event(run(1), 1, "run_created"));
    add(a, new Event(run(2), 2, "run_created"));
    add(a, new Event(run(1), 3, "step_started"));
    assertThat(handedOver).isEmpty();
    a.finish();
    assertThat(order).containsExactly(run(1).toString(), run(2).toString());
    assertThat(handedOver.get(run(1).toString())).containsExactly(1L, 3L);
    assertThat(a.again()).isEmpty();
  }

  @Test
  void beyondTheBoundTheRunHeldLongestIsDroppedAndItsLaterEventsSkipped() {
    RunAssembly a = assembly(2);
    add(a, new Event(run(1), 1, "run_created"));
    add(a, new Event(run(2), 2, "run_created"));
    add(a, new Event(run(3), 3, "run_created")); // three held: run 1 goes
    assertThat(a.again()).containsExactly(run(1).toString());
    add(a, new Event(run(1), 4, "run_completed")); // skipped, not handed over
    add(a, new Event(run(2), 5, "run_completed"));
    a.finish();
    assertThat(order).containsExactlyInAnyOrder(run(2).toString(), run(3).toString());
    assertThat(a.again()).containsExactly(run(1).toString());
  }

  @Test
  void aRepeatedEventStaysRepeated() {
    RunAssembly a = assembly(10);
    add(a, new Event(run(1), 1, "run_created"));
    add(a, new Event(run(1), 1, "run_created"));
    a.finish();
    assertThat(handedOver.get(run(1).toString())).containsExactly(1L, 1L);
  }

  /**
   * A run with two {@code run_created} events of the tag has two stored rows; joined in SQL, each
   * of its events came once per row, so re-execution saw every event twice, side by side in id
   * order. Joined here, it still does.
   */
  @Test
  void aRunWithTwoRowsOfTheTagGetsEveryEventTwiceInIdOrder() {
    copies = 2;
    RunAssembly a = assembly(10);
    add(a, new Event(run(1), 2, "step_started"));
    add(a, new Event(run(1), 1, "run_created"));
    add(a, new Event(run(1), 4, "run_completed"));
    a.finish();
    assertThat(handedOver.get(run(1).toString())).containsExactly(1L, 1L, 2L, 2L, 4L, 4L);
    assertThat(a.again()).isEmpty();
  }

  @Test
  void theBoundIsAtLeastOneRun() {
    assertThatThrownBy(() -> new RunAssembly(0, h -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onRandomStreamsEveryRunIsHandedOverWholeOrReadAgain() {
    Random random = new Random(28);
    for (int trial = 0; trial < 300; trial++) {
      handedOver.clear();
      order.clear();
      int runs = 1 + random.nextInt(40);
      Map<String, List<Long>> logs = new HashMap<>();
      List<List<Event>> byRun = new ArrayList<>();
      long id = 0;
      for (int r = 0; r < runs; r++) {
        UUID run = run(r + trial * 1000);
        List<Event> events = new ArrayList<>();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
          String type =
              i == 0
                  ? "run_created"
                  : random.nextInt(4) == 0
                      ? (random.nextBoolean() ? "run_completed" : "run_failed")
                      : "step_started";
          events.add(new Event(run, ++id, type));
        }
        byRun.add(events);
        logs.put(run.toString(), events.stream().map(Event::id).sorted().toList());
      }
      // a writer's order: runs interleaved, each run's events mostly in order, sometimes not
      List<Event> stream = new ArrayList<>();
      List<List<Event>> left = new ArrayList<>();
      byRun.forEach(events -> left.add(new ArrayList<>(events)));
      while (!left.isEmpty()) {
        List<Event> next = left.get(random.nextInt(left.size()));
        int at = random.nextInt(5) == 0 ? random.nextInt(next.size()) : 0;
        stream.add(next.remove(at));
        if (next.isEmpty()) {
          left.remove(next);
        }
      }
      if (random.nextInt(10) == 0) {
        Collections.shuffle(stream, random);
      }
      RunAssembly a = assembly(1 + random.nextInt(8));
      stream.forEach(e -> add(a, e));
      a.finish();

      Set<String> seen = new HashSet<>(a.again());
      assertThat(order).doesNotHaveDuplicates();
      for (String run : order) {
        if (!a.again().contains(run)) {
          assertThat(handedOver.get(run))
              .as("run %s, trial %d", run, trial)
              .isEqualTo(logs.get(run));
          seen.add(run);
        }
      }
      assertThat(seen).as("trial %d", trial).isEqualTo(logs.keySet());
    }
  }
}
