package dev.meshhook.load.engine.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Step;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Terminate;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Events as real MeshHook writes them (DESIGN.md, "Real MeshHook"): a step is named by its node
 * {@code {"node": {"id", "type"}}}, never by a number; a success names the node the run goes to
 * next; every http attempt that got an answer is an {@code http_attempted}, every failed attempt a
 * {@code step_failed} with its attempt number, so a failure followed by the same node's success is
 * a retry; a terminate node completes the run without a success of its own.
 */
final class MeshHookEvents implements EventShapes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Override
  public void write(
      String type, ObjectNode payload, List<Step> steps, BiConsumer<String, JsonNode> out) {
    int index = payload.path("step").asInt(-1);
    Step step = index >= 0 && index < steps.size() ? steps.get(index) : null;
    switch (type) {
      case "step_started" -> {
        ObjectNode started = JSON.objectNode();
        started.set("node", node(step));
        if (payload.has("restarted")) {
          started.set("restarted", payload.get("restarted"));
        }
        out.accept(type, started);
      }
      case "step_succeeded" -> {
        if (step instanceof Terminate) {
          return; // MeshHook's terminate node ends the run with run_completed alone
        }
        ObjectNode done = JSON.objectNode();
        done.set("node", node(step));
        done.put("next", next(payload, steps, index));
        if (payload.has("response")) {
          done.set("response", payload.get("response").path("body"));
        } else {
          ObjectNode output = done.putObject("output");
          for (String field : List.of("set", "waitedMs", "goto")) {
            if (payload.has(field)) {
              output.set(field, payload.get(field));
            }
          }
        }
        out.accept(type, done);
      }
      case "step_failed" -> {
        if (payload.has("attempts")) {
          return; // an http_call's failed attempts are written by attempts(), the last one too
        }
        ObjectNode failed = JSON.objectNode();
        failed.set("node", node(step));
        failed.put("attempt", 1);
        failed.put("error", payload.path("error").asText(""));
        out.accept(type, failed);
      }
      case "run_failed" -> {
        ObjectNode failed = JSON.objectNode();
        failed.set("node", node(step));
        failed.put("error", payload.path("error").asText(""));
        out.accept(type, failed);
      }
      case "run_completed" -> out.accept(type, JSON.objectNode());
      default -> out.accept(type, payload);
    }
  }

  @Override
  public void attempts(
      int index, Step step, HttpCaller.Outcome outcome, BiConsumer<String, JsonNode> out) {
    int attempt = 0;
    for (HttpCaller.Attempt tried : outcome.tries()) {
      attempt++;
      if (tried.status() > 0) {
        ObjectNode attempted = JSON.objectNode();
        attempted.set("node", node(step));
        attempted.put("status", tried.status());
        out.accept("http_attempted", attempted);
      }
      if (tried.error() != null) {
        ObjectNode failed = JSON.objectNode();
        failed.set("node", node(step));
        failed.put("attempt", attempt);
        failed.put("error", tried.error());
        out.accept("step_failed", failed);
      }
    }
  }

  private static ObjectNode node(Step step) {
    ObjectNode node = JSON.objectNode();
    if (step != null) {
      node.put("id", step.id()).put("type", step.type());
    }
    return node;
  }

  /** The node a success leads to: a branch's choice, else the next in order; null at the end. */
  private static String next(ObjectNode payload, List<Step> steps, int index) {
    if (payload.has("goto")) {
      return payload.get("goto").asText();
    }
    return index + 1 < steps.size() ? steps.get(index + 1).id() : null;
  }
}
