package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The definition run again over hand-written histories, one per node kind, with retries and a
 * resumed run: a faithful history re-executes to no difference, and each kind of tampering is named
 * with the step, the field and both values.
 */
class ReExecutionTest {
  private final List<ReplayFold.Event> events = new ArrayList<>();

  private static WorkflowSteps definition(String stepsJson) throws Exception {
    return WorkflowSteps.read(
        new ObjectMapper().readTree("{\"steps\": " + stepsJson.replace('\'', '"') + "}"));
  }

  private ReExecutionTest add(String type, String payload) {
    long id = events.size() + 1;
    events.add(
        ReplayFold.Event.of(
            id, Instant.ofEpochMilli(1_000 + id), type, payload.replace('\'', '"')));
    return this;
  }

  private ReExecutionTest created(String body) {
    return add(
        "run_created",
        "{'headers': {'x-meshhook-load-id': 'tag-1', 'content-type': 'application/json'},"
            + " 'body': "
            + new ObjectMapper().valueToTree(body.replace('\'', '"'))
            + "}");
  }

  private ReExecutionTest step(String type, String payload) {
    return add(type, payload);
  }

  /**
   * What re-execution finds, checked against what it finds from what its statement sends (the
   * reference dialect's {@link Dialect#reExecutedPayloads}, the others missing, each without its
   * {@link Dialect#reExecutedWithout} field): the same, or re-execution reads something the
   * database no longer sends it.
   */
  private List<String> differences(WorkflowSteps definition) {
    List<String> found = ReExecution.differences(definition, events);
    List<ReplayFold.Event> sent = events.stream().map(ReExecutionTest::asSent).toList();
    assertThat(ReExecution.differences(definition, sent))
        .as("found from the payloads the statement sends")
        .isEqualTo(found);
    return found;
  }

  /** The event as the reference dialect's re-execution statement sends it. */
  private static ReplayFold.Event asSent(ReplayFold.Event e) {
    if (!Dialect.REFERENCE.reExecutedPayloads().contains(e.type())) {
      return new ReplayFold.Event(e.id(), e.ts(), e.type(), MissingNode.getInstance());
    }
    String without = Dialect.REFERENCE.reExecutedWithout().get(e.type());
    if (without == null || !e.payload().isObject()) {
      return e;
    }
    ObjectNode payload = e.payload().deepCopy();
    payload.remove(without);
    return new ReplayFold.Event(e.id(), e.ts(), e.type(), payload);
  }

  private static final String TRANSFORM =
      "[{'id': 'price', 'type': 'transform', 'set': {'total': 'input.qty', 'who': 'input.user'}}]";

  @Test
  void transformReExecutesToTheRecordedFieldsAndOutput() throws Exception {
    created("{'qty': 3, 'user': 'ann'}")
        .step("step_started", "{'step': 0, 'id': 'price', 'type': 'transform'}")
        .step(
            "step_succeeded",
            "{'step': 0, 'id': 'price', 'type': 'transform', 'set': {'total': 3, 'who': 'ann'}}")
        .add(
            "run_completed",
            "{'output': {'input': {'qty': 3, 'user': 'ann'}, 'total': 3, 'who': 'ann'}}");
    assertThat(differences(definition(TRANSFORM))).isEmpty();
  }

  @Test
  void aTransformOutputChangedInTheLogIsNamedWithBothValues() throws Exception {
    created("{'qty': 3, 'user': 'ann'}")
        .step(
            "step_succeeded",
            "{'step': 0, 'id': 'price', 'type': 'transform', 'set': {'total': 4, 'who': 'ann'}}")
        .add(
            "run_completed",
            "{'output': {'input': {'qty': 3, 'user': 'ann'}, 'total': 4, 'who': 'ann'}}");
    assertThat(differences(definition(TRANSFORM)))
        .containsExactly(
            "price set: recorded {\"total\":4,\"who\":\"ann\"}, re-executed {\"total\":3,\"who\":\"ann\"}");
  }

  @Test
  void anOutputThatIsNotTheContextIsNamed() throws Exception {
    created("{'qty': 3, 'user': 'ann'}")
        .step(
            "step_succeeded",
            "{'step': 0, 'id': 'price', 'type': 'transform', 'set': {'total': 3, 'who': 'ann'}}")
        .add("run_completed", "{'output': {'total': 3}}");
    assertThat(differences(definition(TRANSFORM)))
        .singleElement()
        .asString()
        .startsWith("output: recorded {\"total\":3}, re-executed {\"input\":");
  }

  private static final String BRANCH =
      "[{'id': 'route', 'type': 'branch', 'cases': [{'when': 'input.amount > `100`', 'goto': 'review'}],"
          + " 'default': 'done'}, {'id': 'review', 'type': 'transform', 'set': {'reviewed': '`true`'}}, {'id': 'done', 'type': 'terminate'}]";

  @Test
  void branchMustGoWhereItsConditionSays() throws Exception {
    created("{'amount': 500}")
        .step("step_succeeded", "{'step': 0, 'id': 'route', 'type': 'branch', 'goto': 'review'}")
        .step(
            "step_succeeded",
            "{'step': 1, 'id': 'review', 'type': 'transform', 'set': {'reviewed': true}}")
        .step("step_succeeded", "{'step': 2, 'id': 'done', 'type': 'terminate'}")
        .add("run_completed", "{'output': {'input': {'amount': 500}, 'reviewed': true}}");
    assertThat(differences(definition(BRANCH))).isEmpty();
  }

  @Test
  void aBranchThatWentTheOtherWayIsNamedAndTheRunIsStillFollowed() throws Exception {
    created("{'amount': 5}")
        .step("step_succeeded", "{'step': 0, 'id': 'route', 'type': 'branch', 'goto': 'review'}")
        .step(
            "step_succeeded",
            "{'step': 1, 'id': 'review', 'type': 'transform', 'set': {'reviewed': true}}")
        .step("step_succeeded", "{'step': 2, 'id': 'done', 'type': 'terminate'}")
        .add("run_completed", "{'output': {'input': {'amount': 5}, 'reviewed': true}}");
    assertThat(differences(definition(BRANCH)))
        .containsExactly(
            "route goto: recorded \"review\", re-executed \"done\"",
            "step order: recorded 'review', re-executed 'done'");
  }

  private static final String HTTP =
      "[{'id': 'ship', 'type': 'http_call', 'path': '/sink/ship', 'saveAs': 'shipment', 'retries': 2},"
          + " {'id': 'note', 'type': 'transform', 'set': {'tracking': 'shipment.tracking'}}]";

  @Test
  void httpCallIsNotCalledAgainItsRecordedResponseAfterRetriesFeedsTheNextStep() throws Exception {
    created("{'orderId': 'o-1'}")
        .step("step_started", "{'step': 0, 'id': 'ship', 'type': 'http_call'}")
        .step(
            "step_succeeded",
            "{'step': 0, 'id': 'ship', 'type': 'http_call', 'response': {'status': 200, 'attempts': 3,"
                + " 'body': {'tracking': 'T1'}}, 'set': {'shipment': {'tracking': 'T1'}}}")
        .step(
            "step_succeeded",
            "{'step': 1, 'id': 'note', 'type': 'transform', 'set': {'tracking': 'T1'}}")
        .add(
            "run_completed",
            "{'output': {'input': {'orderId': 'o-1'}, 'shipment': {'tracking': 'T1'}, 'tracking': 'T1'}}");
    assertThat(differences(definition(HTTP))).isEmpty();
  }

  @Test
  void anHttpCallThatSavedSomethingElseThanItsResponseIsNamed() throws Exception {
    created("{'orderId': 'o-1'}")
        .step(
            "step_succeeded",
            "{'step': 0, 'id': 'ship', 'type': 'http_call', 'response': {'status': 200, 'attempts': 1,"
                + " 'body': {'tracking': 'T1'}}, 'set': {'shipment': {'tracking': 'T9'}}}")
        .step(
            "step_succeeded",
            "{'step': 1, 'id': 'note', 'type': 'transform', 'set': {'tracking': 'T9'}}")
        .add(
            "run_completed",
            "{'output': {'input': {'orderId': 'o-1'}, 'shipment': {'tracking': 'T9'}, 'tracking': 'T9'}}");
    assertThat(differences(definition(HTTP)))
        .containsExactly(
            "ship set: recorded {\"shipment\":{\"tracking\":\"T9\"}}, re-executed {\"shipment\":{\"tracking\":\"T1\"}}");
  }

  @Test
  void aFailedHttpCallResumedFromItsStepReExecutesCleanly() throws Exception {
    created("{'orderId': 'o-2'}")
        .step("step_started", "{'step': 0, 'id': 'ship', 'type': 'http_call'}")
        .step(
            "step_failed",
            "{'step': 0, 'id': 'ship', 'type': 'http_call', 'status': 500, 'attempts': 3, 'error': 'sink 500'}")
        .add("run_failed", "{'step': 0, 'error': 'sink 500'}")
        .add("run_resumed", "{'fromStep': 0}")
        .step("step_started", "{'step': 0, 'id': 'ship', 'type': 'http_call'}")
        .step(
            "step_succeeded",
            "{'step': 0, 'id': 'ship', 'type': 'http_call', 'response': {'status': 200, 'attempts': 1,"
                + " 'body': {'tracking': 'T2'}}, 'set': {'shipment': {'tracking': 'T2'}}}")
        .step(
            "step_succeeded",
            "{'step': 1, 'id': 'note', 'type': 'transform', 'set': {'tracking': 'T2'}}")
        .add(
            "run_completed",
            "{'output': {'input': {'orderId': 'o-2'}, 'shipment': {'tracking': 'T2'}, 'tracking': 'T2'}}");
    assertThat(differences(definition(HTTP))).isEmpty();
  }

  @Test
  void delayRecordsTheWaitItsDefinitionSays() throws Exception {
    String delay = "[{'id': 'cool', 'type': 'delay', 'ms': 20}]";
    created("{}")
        .step("step_started", "{'step': 0, 'id': 'cool', 'type': 'delay'}")
        .step("step_succeeded", "{'step': 0, 'id': 'cool', 'type': 'delay', 'waitedMs': 20}")
        .add("run_completed", "{'output': {'input': {}}}");
    assertThat(differences(definition(delay))).isEmpty();
    events.set(
        2,
        ReplayFold.Event.of(
            3,
            Instant.ofEpochMilli(1_003),
            "step_succeeded",
            "{\"step\": 0, \"id\": \"cool\", \"type\": \"delay\", \"waitedMs\": 0}"));
    assertThat(differences(definition(delay)))
        .containsExactly("cool waitedMs: recorded 0, re-executed 20");
  }

  @Test
  void terminateWithFailureAndAFailConditionMustFailAndNothingElseMay() throws Exception {
    String guard =
        "[{'id': 'guard', 'type': 'fail', 'when': 'input.blocked'}, {'id': 'stop', 'type': 'terminate', 'outcome': 'failed',"
            + " 'error': 'closed'}]";
    created("{'blocked': false}")
        .step("step_succeeded", "{'step': 0, 'id': 'guard', 'type': 'fail'}")
        .step("step_failed", "{'step': 1, 'id': 'stop', 'type': 'terminate', 'error': 'closed'}")
        .add("run_failed", "{'step': 1, 'error': 'closed'}");
    assertThat(differences(definition(guard))).isEmpty();

    events.clear();
    created("{'blocked': false}")
        .step("step_failed", "{'step': 0, 'id': 'guard', 'type': 'fail', 'error': 'fail step'}")
        .add("run_failed", "{'step': 0, 'error': 'fail step'}");
    assertThat(differences(definition(guard)))
        .containsExactly("guard: recorded failure 'fail step', re-executed success");
  }

  @Test
  void aStepRestartedAfterACrashIsStartedTwiceAndReExecutesOnce() throws Exception {
    created("{'qty': 1, 'user': 'bo'}")
        .step("step_started", "{'step': 0, 'id': 'price', 'type': 'transform'}")
        .step("step_started", "{'step': 0, 'id': 'price', 'type': 'transform', 'restarted': true}")
        .step(
            "step_succeeded",
            "{'step': 0, 'id': 'price', 'type': 'transform', 'set': {'total': 1, 'who': 'bo'}}")
        .add(
            "run_completed",
            "{'output': {'input': {'qty': 1, 'user': 'bo'}, 'total': 1, 'who': 'bo'}}");
    assertThat(differences(definition(TRANSFORM))).isEmpty();
  }

  @Test
  void anInjectedFaultIsAnOutsideInputNotADifference() throws Exception {
    created("{'qty': 1, 'user': 'bo'}")
        .step(
            "step_failed",
            "{'step': 0, 'id': 'price', 'type': 'transform', 'error': 'injected fault: fail-step'}")
        .add("run_failed", "{'step': 0, 'error': 'injected fault: fail-step'}");
    assertThat(differences(definition(TRANSFORM))).isEmpty();
  }

  @Test
  void numbersAreComparedByValueAsJsonbStoresThem() throws Exception {
    created("{'qty': 2.50, 'user': 'cy'}")
        .step(
            "step_succeeded",
            "{'step': 0, 'id': 'price', 'type': 'transform', 'set': {'total': 2.5, 'who': 'cy'}}")
        .add(
            "run_completed",
            "{'output': {'input': {'qty': 2.5, 'user': 'cy'}, 'total': 2.5, 'who': 'cy'}}");
    assertThat(differences(definition(TRANSFORM))).isEmpty();
  }
}
