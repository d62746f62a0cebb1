package dev.meshhook.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.Injectors;
import org.junit.jupiter.api.Test;

class StartBarrierTest {
  @Test
  void noBarrierAndALateInjectorStartAtOnce() {
    long start = System.nanoTime();
    StartBarrier.await(Injectors.ALONE, System::currentTimeMillis);
    StartBarrier.await(
        new Injectors(3, 1, "t", System.currentTimeMillis() - 5_000), System::currentTimeMillis);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
  }

  @Test
  void anInjectorReadyBeforeTheBarrierWaitsUntilIt() {
    long startAt = System.currentTimeMillis() + 300;
    StartBarrier.await(new Injectors(3, 0, "t", startAt), System::currentTimeMillis);
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(startAt);
  }
}
