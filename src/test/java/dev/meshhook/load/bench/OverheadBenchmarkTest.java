package dev.meshhook.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadBenchmarkTest {
  private static final String OUTPUT =
      """
      ---- Global Information --------------------------------------------------------
      > request count                                  |    12,000 |    11,990 |        10
      > response time 99th percentile (ms)             |     5,219 |     5,218 |         -
      ================================================================================
      0m0.004s 0m0.008s
      1m2.500s 0m3.250s
      """;

  @Test
  void theChildsCpuIsBashsSecondTimesLineAndTheRequestsGatlingsCount() {
    OverheadBenchmark.Measured m = OverheadBenchmark.measured("suite", OUTPUT, 0, Path.of("x.log"));
    assertThat(m.userSeconds()).isCloseTo(62.5, within(1e-9));
    assertThat(m.systemSeconds()).isCloseTo(3.25, within(1e-9));
    assertThat(m.requests()).isEqualTo(12_000);
    assertThat(m.cpuMillisPerRequest()).isCloseTo(65.75 * 1000 / 12_000, within(1e-9));
    assertThat(m.p99Millis()).isEqualTo(5219.0);
  }

  @Test
  void autocannonsLineIsReadAndItsAbsenceRefused() {
    KeepAlivePeer.Result r =
        KeepAlivePeer.Result.parse(
            "Running 30s test\nautocannon {\"sent\":12100,\"2xx\":12000,\"non2xx\":0,"
                + "\"errors\":0,\"timeouts\":0,\"resets\":0,\"p50\":3,\"p99\":274}\n");
    assertThat(r.ok()).isEqualTo(12_000);
    assertThat(r.p99()).isEqualTo(274.0);
    assertThatThrownBy(() -> KeepAlivePeer.Result.parse("Running 30s test\n"))
        .hasMessageContaining("no autocannon result");
  }

  @Test
  void anOutputWithoutTimesIsRefusedNotReadAsZero() {
    assertThatThrownBy(
            () ->
                OverheadBenchmark.measured(
                    "bare", "> request count | 5 | 5 | -\n", 1, Path.of("x.log")))
        .hasMessageContaining("no CPU times");
  }

  @Test
  void theMedianOfTwoIsTheirMean() {
    List<OverheadBenchmark.Measured> runs =
        List.of(
            new OverheadBenchmark.Measured("bare", 1, 0, 1000, 0, 10),
            new OverheadBenchmark.Measured("bare", 3, 0, 1000, 0, 20));
    assertThat(OverheadBenchmark.median(runs)).isCloseTo(2.0, within(1e-9));
  }
}
