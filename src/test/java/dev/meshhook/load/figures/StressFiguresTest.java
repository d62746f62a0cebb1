package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.config.StressShape;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.ledger.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class StressFiguresTest {
  // Levels of 10 s at 10, 20 and 30 webhooks/s, no ramps, then 10 s at 10/s.
  private static final StressShape SHAPE =
      new StressShape(
          10,
          10,
          3,
          Duration.ofSeconds(10),
          Duration.ZERO,
          Duration.ofSeconds(10),
          15,
          5,
          true,
          new SuiteConfig.Thresholds(2000, 5000, 1, 90));

  /** One webhook every 100 ms for 40 s; {@code status} decides each one's answer by its second. */
  private static List<LedgerEntry> ledger(IntUnaryOperator status, boolean retryAfter) {
    List<LedgerEntry> ledger = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      long sent = 1_000_000 + i * 100L;
      int s = status.applyAsInt(i / 10);
      ledger.add(
          new LedgerEntry(
              "t-i-" + i,
              "order-created",
              sent,
              202,
              s,
              sent + 20,
              s == 202 ? "r" + i : null,
              s != 202 && retryAfter));
    }
    return ledger;
  }

  private static Classification.Row row(List<Classification.Row> rows, String figure) {
    return rows.stream().filter(r -> r.figure().equals(figure)).findFirst().orElseThrow();
  }

  @Test
  void theBreakingPointIsTheLastLevelWithinThresholdsAndPoliteSheddingIsAllowedBeyondIt() {
    // Every other webhook of the top level (seconds 20-29) is shed with 429 and Retry-After.
    List<Classification.Row> rows =
        StressFigures.rows(
            SHAPE,
            ledger(second -> second >= 20 && second < 30 && second % 2 == 0 ? 429 : 202, true),
            0.2);
    assertThat(row(rows, "breaking point").value()).isEqualTo(20);
    assertThat(row(rows, "breaking point").level()).isEqualTo(Classification.Level.PASS);
    assertThat(row(rows, "broke at").value()).isEqualTo(30);
    assertThat(row(rows, "level 30/s failed").value()).isEqualTo(50);
    assertThat(row(rows, "other failed answers").value()).isZero();
    assertThat(row(rows, "recovery").value()).isZero();
    assertThat(Classification.of(rows).level()).isEqualTo(Outcome.PASS);
  }

  @Test
  void sheddingWithoutRetryAfterOrAServerErrorFails() {
    List<Classification.Row> rude =
        StressFigures.rows(SHAPE, ledger(second -> second == 25 ? 429 : 202, false), 0.2);
    assertThat(row(rude, "other failed answers").value()).isEqualTo(10);
    assertThat(Classification.of(rude).level()).isEqualTo(Outcome.FAIL);
    List<Classification.Row> crashed =
        StressFigures.rows(SHAPE, ledger(second -> second == 15 ? 500 : 202, true), 0.2);
    assertThat(row(crashed, "breaking point").value()).isEqualTo(10);
    assertThat(row(crashed, "breaking point").level()).isEqualTo(Classification.Level.FAIL);
  }

  @Test
  void answersThatStayBadAfterTheStairsNeverRecover() {
    List<Classification.Row> rows =
        StressFigures.rows(SHAPE, ledger(second -> second >= 20 ? 503 : 202, true), 0.2);
    assertThat(row(rows, "recovery").level()).isEqualTo(Classification.Level.FAIL);
  }

  @Test
  void anEmptyLedgerLeavesTheBreakingPointUnknownNotZero() {
    List<Classification.Row> rows = StressFigures.rows(SHAPE, List.of(), 0.2);
    assertThat(row(rows, "breaking point").level()).isEqualTo(Classification.Level.UNKNOWN);
    assertThat(Classification.of(rows).level()).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void aLevelWithNoAnswersHasNoLatencyRatherThanZero() {
    // Nothing was sent during the top level (seconds 20-29).
    List<LedgerEntry> gap =
        ledger(second -> 202, false).stream()
            .filter(e -> e.sentEpochMs() < 1_020_000 || e.sentEpochMs() >= 1_030_000)
            .toList();
    List<Classification.Row> rows = StressFigures.rows(SHAPE, gap, 0.2);
    assertThat(row(rows, "level 30/s p99").value()).isNaN();
    assertThat(row(rows, "level 30/s p99").describe()).isEqualTo("level 30/s p99 n/a");
  }
}
