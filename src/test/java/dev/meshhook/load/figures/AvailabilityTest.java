package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.ledger.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Availability from hand-made ledgers: which seconds break it, and what the figures say. */
class AvailabilityTest {
  private static final long T0 = 1_000_000;
  private final List<LedgerEntry> ledger = new ArrayList<>();

  /** Ten webhooks in second {@code s}, each answered with {@code status} after {@code millis}. */
  private void second(int s, int status, long millis) {
    for (int i = 0; i < 10; i++) {
      long sent = T0 + s * 1000L + i * 100;
      ledger.add(
          new LedgerEntry(
              "t-i-" + ledger.size(),
              "w",
              sent,
              202,
              status,
              status == 0 ? 0 : sent + millis,
              null));
    }
  }

  private static Availability.Rule rule(double target) {
    return new Availability.Rule(Duration.ofSeconds(2), 500, false, target);
  }

  @Test
  void aSecondWithA5xxAnUnansweredWebhookOrASlowP99BreaksItAndTheRampIsLeftOut() {
    second(0, 503, 5); // ramp: left out
    second(1, 0, 0); // ramp: left out
    for (int s = 2; s < 12; s++) {
      second(s, 202, 20);
    }
    // three broken seconds of the ten steady ones
    replace(4, 503, 20);
    replace(6, 0, 0);
    replace(8, 202, 900);
    Availability a = Availability.of(ledger, rule(99.9));
    assertThat(a.seconds()).isEqualTo(10);
    assertThat(a.goodSeconds()).isEqualTo(7);
    assertThat(a.percent()).isEqualTo(70.0);
    assertThat(a.broken())
        .extracting(Availability.BrokenSecond::second)
        .containsExactly(4L, 6L, 8L);
    assertThat(a.broken().get(0).why(500)).isEqualTo("1 x 5xx");
    assertThat(a.broken().get(1).why(500)).isEqualTo("1 unanswered");
    assertThat(a.broken().get(2).why(500)).isEqualTo("p99 900 ms > 500 ms");
    // 98 of the 100 steady webhooks got what they expected: the slow one was still a 202
    assertThat(a.successPercent()).isEqualTo(98.0);
    // 30 % unavailable against a 0.1 % budget: 300 times over
    assertThat(a.budgetUsedPercent())
        .isCloseTo(30_000.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(a.rows(0.2).get(0).level()).isEqualTo(Classification.Level.FAIL);
    assertThat(a.summary()).contains("70 % of 10 steady s", "3 s broke it: t+4 s (1 x 5xx)");
  }

  /** The last webhook of second {@code s} answered otherwise. */
  private void replace(int s, int status, long millis) {
    int index = s * 10 + 9;
    LedgerEntry e = ledger.get(index);
    ledger.set(
        index,
        new LedgerEntry(
            e.loadId(),
            "w",
            e.sentEpochMs(),
            202,
            status,
            status == 0 ? 0 : e.sentEpochMs() + millis,
            null));
  }

  @Test
  void everySecondGoodPassesAndTargetZeroOnlyReports() {
    for (int s = 0; s < 5; s++) {
      second(s, 202, 10);
    }
    Availability judged = Availability.of(ledger, rule(99.9));
    assertThat(judged.percent()).isEqualTo(100.0);
    assertThat(judged.budgetUsedPercent()).isZero();
    assertThat(judged.rows(0.2).get(0).level()).isEqualTo(Classification.Level.PASS);
    Availability reported = Availability.of(ledger, rule(0));
    assertThat(reported.rows(0.2))
        .allSatisfy(r -> assertThat(r.level()).isEqualTo(Classification.Level.INFO));
    assertThat(reported.summary()).contains("reported, not judged");
  }

  @Test
  void politeSheddingCountsAsExpectedOnlyWhereTheProfileAllowsIt() {
    for (int s = 0; s < 4; s++) {
      second(s, 202, 10);
    }
    LedgerEntry e = ledger.get(39);
    ledger.set(
        39,
        new LedgerEntry(
            e.loadId(), "w", e.sentEpochMs(), 202, 429, e.sentEpochMs() + 3, null, true));
    assertThat(
            Availability.of(ledger, new Availability.Rule(Duration.ZERO, 500, true, 99.9))
                .successPercent())
        .isEqualTo(100.0);
    assertThat(
            Availability.of(ledger, new Availability.Rule(Duration.ZERO, 500, false, 99.9))
                .successPercent())
        .isEqualTo(97.5);
    // a 429 is no 5xx: the second stays available either way
    assertThat(Availability.of(ledger, rule(99.9)).broken()).isEmpty();
  }

  @Test
  void nothingSentIsUnknownNeverAvailable() {
    Availability a = Availability.of(List.of(), rule(99.9));
    assertThat(a.percent()).isNaN();
    assertThat(a.rows(0.2).get(0).level()).isEqualTo(Classification.Level.UNKNOWN);
  }

  @Test
  void aSecondIsJudgedOnTheAnswersOfTheReplicasStillAlive() {
    // Two replicas by turns, 10 webhooks a second for 10 s; replica 1 is killed at second 5 and
    // refuses the rest at connect, while replica 0 answers all of its own.
    List<LedgerEntry> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      long at = 1_000_000 + i * 100L;
      int replica = i % 2;
      boolean refused = replica == 1 && i >= 50;
      sent.add(
          new LedgerEntry(
              "t-i-" + i,
              "w",
              at,
              202,
              refused ? 0 : 202,
              at + 10,
              refused ? null : "r",
              false,
              replica));
    }
    // The steady phase is seconds 2 to 9 (a 2 s ramp): 3 good, then 5 broken by the refusals.
    Availability all = Availability.of(sent, rule(99.9));
    assertThat(all.seconds()).isEqualTo(8);
    assertThat(all.goodSeconds()).isEqualTo(3);
    Availability alive =
        Availability.of(
            sent, rule(99.9), List.of(new Availability.DeadReplica(1, 1_000_000 + 5_000)));
    assertThat(alive.goodSeconds()).isEqualTo(8);
    assertThat(alive.percent()).isEqualTo(100);
    assertThat(alive.toDeadReplicas()).isEqualTo(25);
    // The client's view is unchanged: 25 of the 80 steady webhooks got no answer.
    assertThat(alive.successPercent()).isEqualTo(100.0 * 55 / 80);
    assertThat(alive.summary()).contains("25 webhooks sent to a killed replica left out");
    // A replica the faults do not name is not excused.
    assertThat(
            Availability.of(sent, rule(99.9), List.of(new Availability.DeadReplica(0, 1_005_000)))
                .goodSeconds())
        .isEqualTo(3);
  }
}
