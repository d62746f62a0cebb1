package dev.meshhook.load.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartedPartsTest {
  @Test
  void partsStopInTheReverseOfTheirStartAndOnlyOnce() {
    List<String> stopped = new ArrayList<>();
    StartedParts parts = new StartedParts();
    parts.push(() -> stopped.add("engine"));
    parts.push(() -> stopped.add("live server"));
    parts.push(() -> stopped.add("recorder"));

    parts.close();
    parts.close();

    assertThat(stopped).containsExactly("recorder", "live server", "engine");
  }

  @Test
  void aPartThatFailsToStopKeepsNoOtherRunningAndTheFirstFailureIsThrown() {
    List<String> stopped = new ArrayList<>();
    StartedParts parts = new StartedParts();
    parts.push(() -> stopped.add("engine"));
    parts.push(
        () -> {
          throw new IllegalStateException("server would not stop");
        });
    parts.push(
        () -> {
          throw new java.io.IOException("targets file would not go");
        });

    assertThatThrownBy(parts::close)
        .hasMessageContaining("targets file would not go")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .satisfies(s -> assertThat(s).hasMessage("server would not stop")));
    assertThat(stopped).containsExactly("engine");
  }

  @Test
  void aPartInterruptedWhileItStopsLeavesTheThreadInterruptedAndTheRestStopped() {
    List<String> stopped = new ArrayList<>();
    StartedParts parts = new StartedParts();
    parts.push(() -> stopped.add("engine"));
    parts.push(
        () -> {
          throw new InterruptedException();
        });
    try {
      parts.close();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(stopped).containsExactly("engine");
  }
}
