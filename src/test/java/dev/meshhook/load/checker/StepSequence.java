package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run's events show about its path without its definition: the re-execution's fallback for a
 * run whose definition it cannot read, so such a run is still judged rather than passed. Each
 * attempt (a {@code run_resumed} starts the next) is read on its own:
 *
 * <ul>
 *   <li>reference dialect: the first success is step 0 (or the resumed step), and each next success
 *       is the step after the last, unless the last named a {@code goto}, when it is that step's
 *       id;
 *   <li>MeshHook dialect: each next success is the node the last one named as its {@code next};
 *   <li>either: no step event after the attempt's terminal event.
 * </ul>
 *
 * A step that succeeded twice in one attempt is the fold's to report ({@link ReplayFold}).
 */
final class StepSequence {
  private StepSequence() {}

  /** Each break in the run's step sequence, in the order met; empty when there is none. */
  static List<String> problems(List<ReplayFold.Event> events, Dialect dialect) {
    List<String> found = new ArrayList<>(0);
    JsonNode last = null; // the attempt's last success
    int expectedFirst = 0;
    boolean ended = false;
    for (ReplayFold.Event e : events) {
      JsonNode p = e.payload();
      switch (e.type()) {
        case "run_resumed" -> {
          last = null;
          expectedFirst = p.path("fromStep").asInt(0);
          ended = false;
        }
        case "run_completed", "run_failed" -> ended = true;
        case "step_started", "step_succeeded", "step_failed" -> {
          if (ended) {
            found.add("step sequence: " + e.type() + " (event " + e.id() + ") after the run ended");
            continue;
          }
          if (e.type().equals("step_succeeded")) {
            String gap = gap(last, p, expectedFirst, dialect);
            if (gap != null) {
              found.add("step sequence: " + gap + " (event " + e.id() + ")");
            }
            last = p;
          }
        }
        default -> {} // other events say nothing of the path
      }
    }
    return found;
  }

  private static String gap(JsonNode last, JsonNode next, int expectedFirst, Dialect dialect) {
    return switch (dialect) {
      case REFERENCE -> {
        if (!next.path("step").isIntegralNumber()) {
          yield null; // not this dialect's: the dialect level does not judge it
        }
        int step = next.get("step").asInt();
        if (last == null) {
          yield step == expectedFirst
              ? null
              : "the attempt's first success is step " + step + ", not step " + expectedFirst;
        }
        if (last.path("goto").isTextual()) {
          String target = last.get("goto").asText();
          yield !next.path("id").isTextual() || next.get("id").asText().equals(target)
              ? null
              : "step "
                  + last.path("step").asInt()
                  + " went to "
                  + target
                  + " but step "
                  + step
                  + " ("
                  + next.get("id").asText()
                  + ") succeeded next";
        }
        int previous = last.path("step").asInt();
        if (step == previous + 1) {
          yield null;
        }
        yield step <= previous
            ? "step " + step + " succeeded again right after step " + previous
            : "step "
                + step
                + " succeeded right after step "
                + previous
                + ", skipping "
                + (step == previous + 2
                    ? "step " + (previous + 1)
                    : "steps " + (previous + 1) + "-" + (step - 1));
      }
      case MESHHOOK -> {
        if (last == null || !last.path("next").isTextual()) {
          yield null; // the first node, or a success that names no next: nothing to hold
        }
        String named = last.get("next").asText();
        String node = next.path("node").path("id").asText(null);
        yield node == null || node.equals(named)
            ? null
            : "node "
                + last.path("node").path("id").asText()
                + " named "
                + named
                + " as next but "
                + node
                + " succeeded next";
      }
      case CONTRACT -> null;
    };
  }
}
