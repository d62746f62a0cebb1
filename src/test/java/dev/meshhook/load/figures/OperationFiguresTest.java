package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.evidence.OperationLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationFiguresTest {
  /**
   * 100 health checks: {@code slow} of them at {@code slowMs}, the rest at 20 ms; {@code failed}
   * answered 503.
   */
  private static List<OperationLog.Operation> health(int slow, long slowMs, int failed) {
    List<OperationLog.Operation> operations = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      boolean fails = i < failed;
      operations.add(
          new OperationLog.Operation(
              "health", 1_000L + i, i >= 100 - slow ? slowMs : 20, fails ? 503 : 200, !fails));
    }
    operations.add(
        new OperationLog.Operation(
            "read run", 1_000L, 9_000, 200, true)); // another kind: not counted
    return operations;
  }

  private static Classification.Row row(List<Classification.Row> rows, String figure) {
    return rows.stream().filter(r -> r.figure().equals(figure)).findFirst().orElseThrow();
  }

  @Test
  void fastHealthChecksPass() {
    List<Classification.Row> rows =
        OperationFigures.rows(health(0, 0, 0), "health", 200, 500, 1, 0.2, true);
    assertThat(row(rows, "health requests").value()).isEqualTo(100);
    assertThat(rows)
        .filteredOn(Classification.Row::judged)
        .extracting(Classification.Row::level)
        .containsOnly(Classification.Level.PASS);
  }

  @Test
  void aSlowTailFailsTheP95AndTheP99() {
    // Ten of a hundred at 600 ms: the p95 and the p99 are both 600 ms, over 200 and 500.
    List<Classification.Row> rows =
        OperationFigures.rows(health(10, 600, 0), "health", 200, 500, 1, 0.2, true);
    assertThat(row(rows, "health p95").value()).isEqualTo(600);
    assertThat(row(rows, "health p95").level()).isEqualTo(Classification.Level.FAIL);
    assertThat(row(rows, "health p99").level()).isEqualTo(Classification.Level.FAIL);
    assertThat(row(rows, "health failed").level()).isEqualTo(Classification.Level.PASS);
  }

  @Test
  void failedChecksFailTheFailedShare() {
    List<Classification.Row> rows =
        OperationFigures.rows(health(0, 0, 3), "health", 200, 500, 1, 0.2, true);
    assertThat(row(rows, "health failed").value()).isEqualTo(3.0);
    assertThat(row(rows, "health failed").level()).isEqualTo(Classification.Level.FAIL);
  }

  @Test
  void anExpectedOperationThatNeverRanLeavesItsRowsUnknown() {
    List<Classification.Row> rows =
        OperationFigures.rows(List.of(), "health", 200, 500, 1, 0.2, true);
    assertThat(rows)
        .extracting(Classification.Row::figure)
        .containsExactly("health requests", "health p95", "health p99", "health failed");
    assertThat(rows.subList(1, 4))
        .allSatisfy(
            r -> {
              assertThat(r.value()).isNaN();
              assertThat(r.level()).isEqualTo(Classification.Level.UNKNOWN);
              assertThat(r.describe()).contains("unknown: no samples");
            });
    assertThat(Classification.of(rows).level()).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void anOperationTheProfileDoesNotSendGivesOnlyTheCount() {
    List<Classification.Row> rows =
        OperationFigures.rows(List.of(), "health", 200, 500, 1, 0.2, false);
    assertThat(rows).extracting(Classification.Row::figure).containsExactly("health requests");
    assertThat(rows.get(0).value()).isZero();
  }
}
