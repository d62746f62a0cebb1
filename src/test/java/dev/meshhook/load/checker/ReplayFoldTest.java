package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written event histories, one per node kind, plus a restarted step and a resumed run. */
class ReplayFoldTest {
  private final List<ReplayFold.Event> events = new ArrayList<>();

  private ReplayFoldTest add(String type, String payload) {
    long id = events.size() + 1;
    events.add(ReplayFold.Event.of(id, Instant.ofEpochMilli(1_000 + id), type, payload));
    return this;
  }

  private ReplayFoldTest created(String body) {
    return add(
        "run_created",
        "{\"headers\": {\"x-meshhook-load-id\": \"t-i-1\"}, \"body\": " + quote(body) + "}");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\\\"") + "\"";
  }

  private ReplayFold.State fold() {
    return ReplayFold.fold(events);
  }

  @Test
  void transformSetsFieldsInTheContext() {
    created("{\"userId\": 7}")
        .add("step_started", "{\"step\": 0, \"id\": \"welcome\", \"type\": \"transform\"}")
        .add(
            "step_succeeded",
            "{\"step\": 0, \"id\": \"welcome\", \"type\": \"transform\", \"set\": {\"welcomeMail\": \"queued\", \"user\": 7}}")
        .add("run_completed", "{\"output\": {}}");
    ReplayFold.State s = fold();
    assertThat(s.status()).isEqualTo("succeeded");
    assertThat(s.currentStep()).isEqualTo(-1);
    assertThat(s.context().path("input").path("userId").asInt()).isEqualTo(7);
    assertThat(s.context().path("welcomeMail").asText()).isEqualTo("queued");
    assertThat(s.outcomes().get("welcome").path("set").path("user").asInt()).isEqualTo(7);
  }

  @Test
  void branchRecordsWhereItWentAndHttpCallItsResponse() {
    created("{\"orderId\": \"o-1\"}")
        .add("step_started", "{\"step\": 0, \"id\": \"route\", \"type\": \"branch\"}")
        .add(
            "step_succeeded",
            "{\"step\": 0, \"id\": \"route\", \"type\": \"branch\", \"goto\": \"ship\"}")
        .add("step_started", "{\"step\": 1, \"id\": \"ship\", \"type\": \"http_call\"}")
        .add(
            "step_succeeded",
            "{\"step\": 1, \"id\": \"ship\", \"type\": \"http_call\", \"response\": {\"status\": 200, \"attempts\": 3},"
                + " \"set\": {\"shipment\": {\"tracking\": \"T1\"}}}")
        .add("run_completed", "{\"output\": {}}");
    ReplayFold.State s = fold();
    assertThat(s.outcomes().get("route").path("goto").asText()).isEqualTo("ship");
    assertThat(s.outcomes().get("ship").path("response").path("attempts").asInt()).isEqualTo(3);
    assertThat(s.context().path("shipment").path("tracking").asText()).isEqualTo("T1");
  }

  @Test
  void delayRecordsItsWaitAndARunStoppedMidStepIsStillRunningThere() {
    created("{}")
        .add("step_started", "{\"step\": 0, \"id\": \"queue\", \"type\": \"delay\"}")
        .add(
            "step_succeeded",
            "{\"step\": 0, \"id\": \"queue\", \"type\": \"delay\", \"waitedMs\": 100}")
        .add("step_started", "{\"step\": 1, \"id\": \"render\", \"type\": \"transform\"}");
    ReplayFold.State s = fold();
    assertThat(s.status()).isEqualTo("running");
    assertThat(s.currentStep()).isEqualTo(1);
    assertThat(s.outcomes().get("queue").path("waitedMs").asInt()).isEqualTo(100);
  }

  @Test
  void terminateWithFailureAndAFailStepFailTheRun() {
    created("{\"simulateFailure\": true}")
        .add("step_started", "{\"step\": 5, \"id\": \"reject\", \"type\": \"terminate\"}")
        .add(
            "step_failed",
            "{\"step\": 5, \"id\": \"reject\", \"type\": \"terminate\", \"error\": \"order flagged\"}")
        .add("run_failed", "{\"step\": 5, \"error\": \"order flagged\"}");
    ReplayFold.State s = fold();
    assertThat(s.status()).isEqualTo("failed");
    assertThat(s.currentStep()).isEqualTo(5);
  }

  @Test
  void aStepRestartedAfterACrashIsOneCompletionNotTwo() {
    created("{}")
        .add("step_started", "{\"step\": 0, \"id\": \"book\", \"type\": \"http_call\"}")
        .add(
            "step_started",
            "{\"step\": 0, \"id\": \"book\", \"type\": \"http_call\", \"restarted\": true}")
        .add(
            "step_succeeded",
            "{\"step\": 0, \"id\": \"book\", \"type\": \"http_call\", \"response\": {\"status\": 200}}")
        .add("run_completed", "{\"output\": {}}");
    assertThat(fold().doubleCompletions()).isZero();
    add(
        "step_succeeded",
        "{\"step\": 0, \"id\": \"book\", \"type\": \"http_call\", \"response\": {\"status\": 200}}");
    assertThat(fold().doubleCompletions()).isEqualTo(1);
  }

  @Test
  void aResumedRunRunsItsFailedStepAgainAndEndsSucceeded() {
    created("{\"amountCents\": 5}")
        .add("step_started", "{\"step\": 0, \"id\": \"post\", \"type\": \"transform\"}")
        .add(
            "step_succeeded",
            "{\"step\": 0, \"id\": \"post\", \"type\": \"transform\", \"set\": {\"ledger\": \"posted\"}}")
        .add("step_started", "{\"step\": 1, \"id\": \"book\", \"type\": \"http_call\"}")
        .add(
            "step_failed",
            "{\"step\": 1, \"id\": \"book\", \"type\": \"http_call\", \"error\": \"sink 500\"}")
        .add("run_failed", "{\"step\": 1, \"error\": \"sink 500\"}");
    assertThat(fold().status()).isEqualTo("failed");
    add("run_resumed", "{\"fromStep\": 1}")
        .add("step_started", "{\"step\": 1, \"id\": \"book\", \"type\": \"http_call\"}")
        .add(
            "step_succeeded",
            "{\"step\": 1, \"id\": \"book\", \"type\": \"http_call\", \"response\": {\"status\": 200}}")
        .add("run_completed", "{\"output\": {}}");
    ReplayFold.State s = fold();
    assertThat(s.status()).isEqualTo("succeeded");
    assertThat(s.attempts()).isEqualTo(2);
    assertThat(s.doubleCompletions()).isZero();
    assertThat(s.context().path("ledger").asText()).isEqualTo("posted");
  }

  @Test
  void foldingIsDeterministicInIdAndInTimestampOrder() {
    created("{\"a\": 1}")
        .add("step_succeeded", "{\"step\": 0, \"id\": \"x\", \"set\": {\"b\": 2}}")
        .add("run_completed", "{\"output\": {}}");
    assertThat(ReplayFold.fold(events)).isEqualTo(ReplayFold.fold(events));
    assertThat(ReplayFold.fold(ReplayFold.byTimestamp(events))).isEqualTo(ReplayFold.fold(events));
    // A clock that went backwards puts the terminal event first in time: the folds then differ.
    List<ReplayFold.Event> skewed = new ArrayList<>(events);
    ReplayFold.Event last = skewed.remove(2);
    skewed.add(
        new ReplayFold.Event(last.id(), Instant.ofEpochMilli(0), last.type(), last.payload()));
    assertThat(ReplayFold.fold(ReplayFold.byTimestamp(skewed)))
        .isNotEqualTo(ReplayFold.fold(skewed));
  }

  @Test
  void aBodyThatIsNotJsonIsKeptAsText() {
    created("plain text");
    assertThat(fold().context().path("input").asText()).isEqualTo("plain text");
  }
}
