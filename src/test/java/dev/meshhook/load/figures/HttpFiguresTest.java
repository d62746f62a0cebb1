package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpFiguresTest {
  @Test
  void aWebhookThatTimedOutCountsInTheLatencyUntilItFailedAsGatlingCountsIt() {
    List<LedgerEntry> ledger = new ArrayList<>();
    for (int i = 0; i < 95; i++) {
      ledger.add(new LedgerEntry("t-i-" + i, "s", 1_000, 202, 202, 1_010, "r" + i));
    }
    for (int i = 95; i < 100; i++) {
      // No answer: the request timed out after 60 s (status 0, the failure stamped when known).
      ledger.add(new LedgerEntry("t-i-" + i, "s", 1_000, 202, 0, 61_000, null));
    }
    HttpFigures f = HttpFigures.of(ledger);
    assertThat(f.latency().count()).isEqualTo(100);
    assertThat(f.latency().p95()).isEqualTo(10);
    assertThat(f.latency().p99()).isEqualTo(60_000);
    assertThat(f.failedPercent()).isEqualTo(5.0);
  }

  @Test
  void aWebhookStillInFlightWhenTheRunEndedHasNoTimeToCount() {
    HttpFigures f =
        HttpFigures.of(
            List.of(
                new LedgerEntry("t-i-1", "s", 1_000, 202, 202, 1_020, "r1"),
                new LedgerEntry("t-i-2", "s", 1_000, 202, 0, 0, null)));
    assertThat(f.latency().count()).isEqualTo(1);
    assertThat(f.latency().max()).isEqualTo(20);
    assertThat(f.failedPercent()).isEqualTo(50.0);
  }
}
