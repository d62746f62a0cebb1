package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.ledger.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpikeFiguresTest {
  private static final SuiteConfig.SpikeShape SHAPE =
      new SuiteConfig.SpikeShape(
          10,
          10,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          4,
          new SuiteConfig.Thresholds(2000, 5000, 1, 90));

  /** Ten requests a second from t=0 to t=25 s; latency (ms) and status chosen per second. */
  private static List<LedgerEntry> ledger(
      java.util.function.IntUnaryOperator latencyAtSecond,
      java.util.function.IntPredicate failsAtSecond) {
    List<LedgerEntry> ledger = new ArrayList<>();
    int n = 0;
    for (int second = 0; second < 25; second++) {
      for (int i = 0; i < 10; i++) {
        long sent = 1_000_000L + second * 1000L + i * 100L;
        int status = failsAtSecond.test(second) ? 503 : 202;
        ledger.add(
            new LedgerEntry(
                "t-i-" + n++,
                "s",
                sent,
                202,
                status,
                sent + latencyAtSecond.applyAsInt(second),
                null));
      }
    }
    return ledger;
  }

  @Test
  void recoveryIsTheFirstSecondAfterTheBurstBackNearTheBaseP99() {
    // Base p99 20 ms; the burst (10-15 s) and the 3 s after it are slow; back to 20 ms at 18 s.
    List<Classification.Row> rows =
        SpikeFigures.rows(SHAPE, ledger(s -> s >= 10 && s < 18 ? 900 : 20, s -> false), 0.2);
    assertThat(rows)
        .extracting(Classification.Row::figure)
        .containsExactly("burst failed", "recovery");
    assertThat(rows.get(0).value()).isZero();
    assertThat(rows.get(1).value()).isEqualTo(3.0);
    assertThat(rows.get(1).level()).isEqualTo(Classification.Level.PASS);
  }

  @Test
  void failuresInTheBurstAndNoRecoveryFail() {
    List<Classification.Row> rows =
        SpikeFigures.rows(SHAPE, ledger(s -> s >= 10 ? 900 : 20, s -> s >= 10 && s < 12), 0.2);
    assertThat(rows.get(0).value()).isEqualTo(40.0); // 2 of the 5 burst seconds failed
    assertThat(rows.get(0).level()).isEqualTo(Classification.Level.FAIL);
    assertThat(rows.get(1).level()).isEqualTo(Classification.Level.FAIL); // never back near 20 ms
  }

  @Test
  void anEmptyLedgerLeavesTheBurstAndTheRecoveryUnknown() {
    List<Classification.Row> rows = SpikeFigures.rows(SHAPE, List.of(), 0.2);
    assertThat(rows)
        .extracting(Classification.Row::figure)
        .containsExactly("burst failed", "recovery");
    assertThat(rows).allSatisfy(r -> assertThat(r.level()).isEqualTo(Classification.Level.UNKNOWN));
  }
}
