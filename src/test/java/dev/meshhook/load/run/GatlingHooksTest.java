package dev.meshhook.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.evidence.OperationLog;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.live.LiveMetrics;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingHooksTest {
  @TempDir Path dir;

  @Test
  void theRunIdComesFromAJsonBodyThatNamesOneAndFromNoOtherBody() {
    assertThat(GatlingHooks.runId("{\"runId\": \"3f2a\"}")).isEqualTo("3f2a");
    assertThat(GatlingHooks.runId("{\n  \"status\": \"queued\",\n  \"runId\":\"r-1\"\n}"))
        .isEqualTo("r-1");
    // MeshHook's 202 is empty; other bodies name no run.
    assertThat(GatlingHooks.runId("")).isNull();
    assertThat(GatlingHooks.runId("accepted")).isNull();
    assertThat(GatlingHooks.runId("{\"runId\": 42}")).isNull();
    assertThat(GatlingHooks.runId("{\"note\": \"\\\"runId\\\": \\\"fake\\\"\"}")).isNull();
  }

  @Test
  void theLedgerTimesAWebhookWithoutTheHarnesssStartUpOrItsWorkAfterTheAnswer() {
    AtomicLong clock = new AtomicLong(1_000_000);
    Path file = dir.resolve("ledger");
    // The first call opens the run's files and starts the sampler: 1.5 s on the clock.
    Supplier<LoadLedger> opening =
        new Supplier<>() {
          private LoadLedger ledger;

          @Override
          public LoadLedger get() {
            if (ledger == null) {
              clock.addAndGet(1_500);
              ledger = LoadLedger.create(file, "t");
            }
            return ledger;
          }
        };
    GatlingHooks hooks = hooks(opening, clock);

    long sent = hooks.sent("t-i-1", "order-created", 202, -1);
    clock.addAndGet(12); // the request itself
    long checked = hooks.now(); // the first check stamps the answer
    clock.addAndGet(30); // the other checks and the next chain step: the harness's, not the wait
    String runId =
        hooks.answer(
            "t-i-1",
            202,
            "{\"runId\": \"r1\"}",
            false,
            OptionalLong.of(checked),
            OptionalLong.empty());
    hooks.sent("t-i-2", "order-created", 202, -1);
    clock.addAndGet(7);
    hooks.answer(
        "t-i-2", 0, null, false, OptionalLong.empty(), OptionalLong.empty()); // no check ran
    opening.get().close();

    assertThat(sent).isEqualTo(1_001_500);
    assertThat(runId).isEqualTo("r1");
    assertThat(LedgerReader.read(file).entries())
        .extracting(e -> e.answeredEpochMs() - e.sentEpochMs(), LedgerEntry::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(12L, 202),
            org.assertj.core.groups.Tuple.tuple(7L, 0));
  }

  private static GatlingHooks hooks(Supplier<LoadLedger> ledger, AtomicLong clock) {
    Supplier<OperationLog> noOperations =
        () -> {
          throw new AssertionError("a webhook writes no operation line");
        };
    return new GatlingHooks(
        ledger,
        noOperations,
        clock::get,
        new WebhookSigner("s"),
        new WebhookSigner("s-not"),
        new RecentRuns(1),
        LiveMetrics.off(),
        java.util.List.of(),
        dev.meshhook.load.config.Connections.PER_USER);
  }
}
