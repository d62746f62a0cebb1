package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MeshHook-shaped runs walked along a graph: validate -> route -> (ship -> done | reject). */
class GraphWalkTest {
  private static final String GRAPH =
      """
      {"nodes": [{"id": "validate", "type": "transform"}, {"id": "route", "type": "branch"},
                 {"id": "ship", "type": "http_call"}, {"id": "done", "type": "terminate"},
                 {"id": "reject", "type": "terminate"}],
       "edges": [{"source": "validate", "target": "route"}, {"source": "route", "target": "ship"},
                 {"source": "route", "target": "reject"}, {"source": "ship", "target": "done"}]}
      """;

  private final List<ReplayFold.Event> events = new ArrayList<>();

  private GraphWalkTest event(String type, String payload) {
    events.add(ReplayFold.Event.of(events.size() + 1, Instant.EPOCH, type, payload));
    return this;
  }

  private GraphWalkTest started(String node) {
    return event("step_started", "{\"node\": {\"id\": \"" + node + "\"}}");
  }

  private GraphWalkTest succeeded(String node, String next) {
    return event(
        "step_succeeded",
        "{\"node\": {\"id\": \""
            + node
            + "\"}, \"next\": "
            + (next == null ? "null" : "\"" + next + "\"")
            + "}");
  }

  private GraphWalkTest failed(String node, int attempt) {
    return event(
        "step_failed",
        "{\"node\": {\"id\": \"" + node + "\"}, \"attempt\": " + attempt + ", \"error\": \"x\"}");
  }

  private GraphWalkTest attempted(String node) {
    return event("http_attempted", "{\"node\": {\"id\": \"" + node + "\"}, \"status\": 503}");
  }

  private GraphWalk.Walk walk() throws Exception {
    return GraphWalk.walk(FlowGraph.read(new ObjectMapper().readTree(GRAPH)), events);
  }

  private GraphWalkTest happyStart() {
    return event("run_created", "{}")
        .started("validate")
        .succeeded("validate", "route")
        .started("route")
        .succeeded("route", "ship")
        .started("ship");
  }

  @Test
  void aRetriedCallThatSucceedsAndATerminateNodeAreAValidWalk() throws Exception {
    happyStart()
        .attempted("ship")
        .failed("ship", 1)
        .attempted("ship")
        .succeeded("ship", "done")
        .started("done")
        .event("run_completed", "{}");
    GraphWalk.Walk walk = walk();
    assertThat(walk.differences()).isEmpty();
    assertThat(walk.httpAttempts()).isEqualTo(2);
    assertThat(walk.retries()).isEqualTo(1);
  }

  @Test
  void failingTheLastAttemptEndsTheRunFailed() throws Exception {
    happyStart().failed("ship", 1).failed("ship", 2).event("run_failed", "{\"node\": {}}");
    assertThat(walk().differences()).isEmpty();
    events.clear();
    happyStart().event("run_failed", "{}");
    assertThat(walk().differences())
        .containsExactly("run_failed without a failed attempt of the open node 'ship'");
  }

  @Test
  void aStepOutOfTheGraphsOrderIsAMismatch() throws Exception {
    event("run_created", "{}").started("validate").succeeded("validate", "route").started("ship");
    assertThat(walk().differences())
        .containsExactly("started 'ship' after 'validate', which chose 'route'");
  }

  @Test
  void aChoiceNoEdgeAllowsIsAMismatch() throws Exception {
    event("run_created", "{}").started("validate").succeeded("validate", "done");
    assertThat(walk().differences())
        .containsExactly("'validate' chose 'done', but its edges lead to [route]");
  }

  @Test
  void startingAnywhereButAnEntryIsAMismatch() throws Exception {
    event("run_created", "{}").started("route");
    assertThat(walk().differences())
        .containsExactly("started at 'route', but the graph starts at [validate]");
  }

  @Test
  void goingOnAfterAFailedStepWithoutRetryingIsAMismatch() throws Exception {
    happyStart().failed("ship", 1).started("done");
    assertThat(walk().differences())
        .containsExactly("started 'done' while 'ship' had not succeeded");
  }

  @Test
  void completingBeforeTheEndOfTheGraphIsAMismatch() throws Exception {
    event("run_created", "{}")
        .started("validate")
        .succeeded("validate", "route")
        .event("run_completed", "{}");
    assertThat(walk().differences())
        .containsExactly("completed after 'validate', but it chose 'route' next");
  }

  @Test
  void aNodeThatSucceedsTwiceIsAMismatch() throws Exception {
    happyStart().succeeded("ship", "done").started("ship").succeeded("ship", "done");
    assertThat(walk().differences()).contains("'ship' succeeded twice");
  }

  @Test
  void aGraphWithAnEdgeToNowhereIsUnreadable() {
    String bad =
        "{\"nodes\": [{\"id\": \"a\"}], \"edges\": [{\"source\": \"a\", \"target\": \"b\"}]}";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> FlowGraph.read(new ObjectMapper().readTree(bad)))
        .hasMessageContaining("a -> b names a node the graph does not have");
  }
}
