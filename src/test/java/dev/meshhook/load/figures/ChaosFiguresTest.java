package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.ledger.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class ChaosFiguresTest {
  private static final ChaosShape SHAPE =
      new ChaosShape(
          10,
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          1,
          Duration.ofSeconds(3),
          0,
          0,
          0,
          Duration.ofSeconds(3),
          0,
          Duration.ofSeconds(3),
          5,
          new SuiteConfig.Thresholds(2000, 5000, 1, 90));
  private static final long T0 = 1_000_000;

  /**
   * Ten webhooks a second for 60 s; {@code accepted} says, by second, whether the engine took them.
   */
  private static List<LedgerEntry> ledger(IntPredicate accepted) {
    return ledgerByWebhook(i -> accepted.test(i / 10));
  }

  private static Classification.Row row(List<Classification.Row> rows, String figure) {
    return rows.stream().filter(r -> r.figure().equals(figure)).findFirst().orElseThrow();
  }

  @Test
  void recoveryCountsFromTheFaultsEndUntilThroughputIsBack() {
    // Down from second 20 to 26 (the kill and restart), and still nothing accepted until second 29.
    FaultLog.Fault kill = new FaultLog.Fault("engine-kill", T0 + 20_000, T0 + 26_000, "");
    List<Classification.Row> rows =
        ChaosFigures.rows(SHAPE, ledger(s -> s < 20 || s >= 29), List.of(kill), 0.2);
    assertThat(row(rows, "faults injected").value()).isEqualTo(1);
    assertThat(row(rows, "fault 1 engine-kill lasted").value()).isEqualTo(6);
    assertThat(row(rows, "fault 1 engine-kill recovery").value()).isEqualTo(3);
    assertThat(row(rows, "fault 1 engine-kill recovery").level())
        .isEqualTo(Classification.Level.PASS);
  }

  /** As {@link #ledger}, but by webhook: {@code accepted} says whether webhook i was taken. */
  private static List<LedgerEntry> ledgerByWebhook(IntPredicate accepted) {
    return ledgerByWebhook(accepted, i -> LedgerEntry.NO_REPLICA);
  }

  /**
   * Ten webhooks a second for 60 s: webhook i sent to {@code replica(i)}, accepted if {@code
   * accepted} says so, else refused at once (no answer).
   */
  private static List<LedgerEntry> ledgerByWebhook(
      IntPredicate accepted, java.util.function.IntUnaryOperator replica) {
    List<LedgerEntry> ledger = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      long sent = T0 + i * 100L;
      boolean ok = accepted.test(i);
      ledger.add(
          new LedgerEntry(
              "t-i-" + i,
              "order-created",
              sent,
              202,
              ok ? 202 : 0,
              ok ? sent + 20 : 0,
              ok ? "r" : null,
              false,
              replica.applyAsInt(i)));
    }
    return ledger;
  }

  @Test
  void aReplicaLeftDeadRecoversWhenTheSurvivorsAnswersAreBackNotTheRate() {
    // Two replicas, round robin: from second 20 every second webhook goes to the dead one and is
    // refused at connect, for the rest of the run; the survivor takes every other from second 22.
    List<LedgerEntry> ledger = ledgerByWebhook(i -> i < 200 || (i % 2 == 0 && i >= 220));
    FaultLog.Fault replica = new FaultLog.Fault("replica-kill", T0 + 20_000, T0 + 20_050, "");
    List<Classification.Row> rows = ChaosFigures.rows(SHAPE, ledger, List.of(replica), 0.2);
    assertThat(row(rows, "fault 1 replica-kill recovery").value()).isEqualTo(1.0);
    assertThat(row(rows, "fault 1 replica-kill recovery").level())
        .isEqualTo(Classification.Level.PASS);
    // The same answers after an engine kill: half the rate never comes back, which fails.
    FaultLog.Fault engine = new FaultLog.Fault("engine-kill", T0 + 20_000, T0 + 20_050, "");
    assertThat(
            row(
                    ChaosFigures.rows(SHAPE, ledger, List.of(engine), 0.2),
                    "fault 1 engine-kill recovery")
                .level())
        .isEqualTo(Classification.Level.FAIL);
    // A survivor that stops answering too never recovers.
    List<LedgerEntry> allDead = ledgerByWebhook(i -> i < 200);
    assertThat(
            row(
                    ChaosFigures.rows(SHAPE, allDead, List.of(replica), 0.2),
                    "fault 1 replica-kill recovery")
                .level())
        .isEqualTo(Classification.Level.FAIL);
  }

  /**
   * Round robin over two replicas by webhook: replica {@code i % 2}. Replica 1 dies at second 20
   * and refuses the rest; {@code survivorAnswers} says which of replica 0's are accepted.
   */
  private static List<LedgerEntry> twoReplicas(IntPredicate survivorAnswers) {
    return ledgerByWebhook(i -> i % 2 == 1 ? i < 200 : survivorAnswers.test(i), i -> i % 2);
  }

  @Test
  void withEachWebhooksReplicaKnownEachSurvivorsRecoveryIsItsOwn() {
    FaultLog.Fault replica =
        new FaultLog.Fault(
            "replica-kill",
            T0 + 20_000,
            T0 + 20_050,
            FaultLog.replicaKilled(1, 4242) + ", not restarted; replica 0 pid 4141 go on");
    assertThat(replica.killedReplica()).hasValue(1);
    // The survivor answers every one of its webhooks but those sent from 20 s to 24.9 s: the first
    // whole second after the fault's end (20.05 s) in which it accepts its rate is the one from
    // 25.05 s.
    List<Classification.Row> rows =
        ChaosFigures.rows(SHAPE, twoReplicas(i -> i < 200 || i >= 250), List.of(replica), 0.2);
    assertThat(row(rows, "fault 1 replica-kill recovery of replica 0").value()).isEqualTo(5.0);
    assertThat(row(rows, "fault 1 replica-kill recovery").value()).isEqualTo(5.0);
    assertThat(rows)
        .noneMatch(r -> r.figure().equals("fault 1 replica-kill recovery of replica 1"));
    // A survivor that never answers again never recovers, nor does the fault.
    List<Classification.Row> never =
        ChaosFigures.rows(SHAPE, twoReplicas(i -> i < 200), List.of(replica), 0.2);
    assertThat(row(never, "fault 1 replica-kill recovery of replica 0").level())
        .isEqualTo(Classification.Level.FAIL);
    assertThat(row(never, "fault 1 replica-kill recovery").level())
        .isEqualTo(Classification.Level.FAIL);
  }

  @Test
  void anEngineThatNeverComesBackFails() {
    FaultLog.Fault kill = new FaultLog.Fault("engine-kill", T0 + 20_000, T0 + 26_000, "");
    List<Classification.Row> rows =
        ChaosFigures.rows(SHAPE, ledger(s -> s < 20), List.of(kill), 0.2);
    assertThat(row(rows, "fault 1 engine-kill recovery").level())
        .isEqualTo(Classification.Level.FAIL);
  }

  @Test
  void manualEditsHaveNothingToRecoverFrom() {
    FaultLog.Fault edit = new FaultLog.Fault("manual-edit", T0 + 70_000, T0 + 70_010, "3 runs");
    List<Classification.Row> rows = ChaosFigures.rows(SHAPE, ledger(s -> true), List.of(edit), 0.2);
    assertThat(rows)
        .extracting(Classification.Row::figure)
        .doesNotContain("fault 1 manual-edit recovery");
  }
}
