package dev.meshhook.load.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VmThreadsTest {
  // A compiler thread's line as Linux writes it: the name in brackets, with a space in it.
  private static final String C2 =
      "4711 (C2 CompilerThre) S 4700 4700 12 0 -1 1077936192 5120 0 3 0 250 17 0 0 20 0 31 0"
          + " 123 4096 1000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 -1 1 0 0 0 0 0";

  @Test
  void readsTheNameWithItsSpaceAndUserPlusSystemTicks() {
    assertThat(VmThreads.name(C2)).isEqualTo("C2 CompilerThre");
    assertThat(VmThreads.ticks(C2)).isEqualTo(267);
    assertThat(VmThreads.isCompiler("C1 CompilerThre")).isTrue();
    assertThat(VmThreads.isCollector("GC Thread#1")).isTrue();
    assertThat(VmThreads.isCollector("G1 Conc#0")).isTrue();
    assertThat(VmThreads.isCompiler("main")).isFalse();
    assertThat(VmThreads.isCollector("gatling-1-1")).isFalse();
  }

  @Test
  void thisJvmHasCompiledSomethingByNow() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
    VmThreads.Cpu cpu = VmThreads.cpu();
    assertThat(cpu.known()).isTrue();
    // The test runner and this class were compiled by the JIT before this line ran.
    assertThat(cpu.compiling()).isGreaterThan(Duration.ZERO);
  }
}
