package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.checker.WorkflowSteps.Case;
import dev.meshhook.load.checker.WorkflowSteps.Step;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a workflow definition again over a run's recorded history, as a pure function: the input is
 * the webhook body from {@code run_created}, and external results (an {@code http_call}'s response,
 * an injected fault) are taken from the events, never called again. Every step the events record
 * must be the step the definition goes to next, with the output the definition computes from the
 * context so far, and {@code run_completed}'s output must be that context. The context advances by
 * what the events recorded, so one wrong step is named once, not again in every step after it.
 */
public final class ReExecution {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * jsonb keeps 7 as 7 but Jackson may read it back as another number type: compare numbers by
   * value.
   */
  private static final Comparator<JsonNode> BY_VALUE =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? a.decimalValue().compareTo(b.decimalValue())
              : a.equals(b) ? 0 : 1;

  private final WorkflowSteps definition;
  private final List<String> differences = new ArrayList<>();
  private final ObjectNode context = JSON.createObjectNode();
  private int expected;

  private ReExecution(WorkflowSteps definition) {
    this.definition = definition;
  }

  /**
   * What differs between the run's events and the definition run again on them; empty when nothing
   * does.
   */
  public static List<String> differences(WorkflowSteps definition, List<ReplayFold.Event> events) {
    ReExecution replay = new ReExecution(definition);
    for (ReplayFold.Event e : events) {
      replay.apply(e);
    }
    return List.copyOf(replay.differences);
  }

  private void apply(ReplayFold.Event e) {
    JsonNode p = e.payload();
    switch (e.type()) {
      case "run_created" -> context.set("input", ReplayFold.body(p.path("body").asText("")));
      case "step_succeeded" -> succeeded(p);
      case "step_failed" -> failed(p);
      case "run_resumed" -> expected = p.path("fromStep").asInt(0);
      case "run_completed" -> {
        if (expected < definition.steps().size()) {
          differences.add(
              "run_completed before step " + label(expected) + ", where the definition goes next");
        }
        same("output", p.path("output"), context);
      }
      default -> {} // step_started, run_failed: nothing of their own to compute
    }
  }

  private void succeeded(JsonNode p) {
    Step step = recordedStep(p);
    if (step == null) {
      return;
    }
    int index = p.path("step").asInt();
    int next = index + 1;
    switch (step.type()) {
      case "transform" -> {
        ObjectNode set = JSON.createObjectNode();
        step.set().forEach((field, expression) -> set.set(field, expression.search(context)));
        same(step.id() + " set", p.path("set"), set);
      }
      case "branch" -> {
        next = step.otherwise();
        for (Case option : step.cases()) {
          if (WorkflowSteps.holds(option.when(), context)) {
            next = option.target();
            break;
          }
        }
        same(
            step.id() + " goto",
            p.path("goto"),
            JSON.getNodeFactory().textNode(definition.steps().get(next).id()));
      }
      case "http_call" -> {
        // The response is the recorded external result; what the step saves from it is computed.
        JsonNode saved =
            step.saveAs() == null
                ? MissingNode.getInstance()
                : JSON.createObjectNode().set(step.saveAs(), p.path("response").path("body"));
        same(step.id() + " set", p.path("set"), saved);
      }
      case "delay" ->
          same(
              step.id() + " waitedMs",
              p.path("waitedMs"),
              JSON.getNodeFactory().numberNode(step.ms()));
      case "terminate" -> {
        if (!step.success()) {
          differences.add(step.id() + ": recorded success, re-executed a terminate with failure");
        }
        next = definition.steps().size();
      }
      case "fail" -> {
        if (failHolds(step)) {
          differences.add(
              step.id() + ": recorded success, re-executed failure (its condition holds)");
        }
      }
      default -> {} // WorkflowSteps reads no other type
    }
    if (p.path("set").isObject()) {
      context.setAll((ObjectNode) p.get("set"));
    }
    expected = next;
  }

  private void failed(JsonNode p) {
    Step step = recordedStep(p);
    if (step == null) {
      return;
    }
    String error = p.path("error").asText("");
    boolean expectedToFail =
        error.startsWith("injected fault") // an outside input, like a response
            || step.type().equals("http_call") // its recorded response said so
            || step.type().equals("terminate") && !step.success()
            || step.type().equals("fail") && failHolds(step);
    if (!expectedToFail) {
      differences.add(step.id() + ": recorded failure '" + error + "', re-executed success");
    }
  }

  private boolean failHolds(Step fail) {
    return fail.when() == null || WorkflowSteps.holds(fail.when(), context);
  }

  /** The definition's step the event names, checked to be the one the definition goes to next. */
  private Step recordedStep(JsonNode p) {
    int index = p.path("step").asInt(-1);
    if (index < 0 || index >= definition.steps().size()) {
      differences.add(
          "step "
              + index
              + " is not a step of the definition (it has "
              + definition.steps().size()
              + ")");
      return null;
    }
    if (index != expected) {
      differences.add("step order: recorded " + label(index) + ", re-executed " + label(expected));
      expected = index; // follow the record, so the rest of the run is still checked
    }
    return definition.steps().get(index);
  }

  private String label(int index) {
    return index >= definition.steps().size()
        ? "the end"
        : "'" + definition.steps().get(index).id() + "'";
  }

  private void same(String field, JsonNode recorded, JsonNode reExecuted) {
    boolean equal =
        recorded.isMissingNode() || reExecuted.isMissingNode()
            ? recorded.isMissingNode() && reExecuted.isMissingNode()
            : recorded.equals(BY_VALUE, reExecuted);
    if (!equal) {
      differences.add(
          field + ": recorded " + shown(recorded) + ", re-executed " + shown(reExecuted));
    }
  }

  private static String shown(JsonNode node) {
    String text = node.isMissingNode() ? "nothing" : node.toString();
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}
