package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Re-execution in the MeshHook dialect: walks a run's events along its definition's graph. A run
 * starts at a node no edge reaches; each node it starts is the one the previous success chose as
 * {@code next}, along an edge; a failed attempt is retried on the same node (its success then is a
 * retry, not a second completion) or ends the run with {@code run_failed}; it completes at a node
 * with no way on, or at a terminate node. Anything else is named as a difference.
 */
public final class GraphWalk {
  /** What one run's walk found, and what it counted. */
  public record Walk(List<String> differences, int httpAttempts, int retries) {}

  private GraphWalk() {}

  public static Walk walk(FlowGraph graph, List<ReplayFold.Event> events) {
    List<String> found = new ArrayList<>();
    Set<String> succeeded = new HashSet<>();
    String open = null; // the node started and not yet succeeded
    String chosen = null; // the node the last success chose as next
    String last = null; // the last node that succeeded
    boolean failedAttempt = false; // the open node's last attempt failed
    int attempts = 0;
    int retries = 0;
    for (ReplayFold.Event e : events) {
      String node = e.payload().path("node").path("id").asText(null);
      switch (e.type()) {
        case "step_started" -> {
          if (node == null || !graph.types().containsKey(node)) {
            found.add("started node '" + node + "', which the graph does not have");
          } else if (node.equals(open)) {
            // started again after a crash: the same step, not a new one
          } else if (open != null) {
            found.add("started '" + node + "' while '" + open + "' had not succeeded");
          } else if (last == null && !graph.entries().contains(node)) {
            found.add("started at '" + node + "', but the graph starts at " + graph.entries());
          } else if (last != null && !node.equals(chosen)) {
            found.add(
                "started '"
                    + node
                    + "' after '"
                    + last
                    + "', which chose "
                    + (chosen == null ? "no next node" : "'" + chosen + "'"));
          }
          open = node;
          failedAttempt = false;
        }
        case "http_attempted" -> {
          attempts++;
          if (node == null || !node.equals(open)) {
            found.add("an http attempt of '" + node + "' while '" + open + "' was the open node");
          }
        }
        case "step_failed" -> {
          if (node == null || !node.equals(open)) {
            found.add("'" + node + "' failed while '" + open + "' was the open node");
          }
          failedAttempt = true;
        }
        case "step_succeeded" -> {
          if (node == null || !node.equals(open)) {
            found.add("'" + node + "' succeeded while '" + open + "' was the open node");
          } else if (!succeeded.add(node)) {
            found.add("'" + node + "' succeeded twice");
          }
          if (failedAttempt) {
            retries++;
          }
          JsonNode next = e.payload().path("next");
          chosen = next.isTextual() ? next.asText() : null;
          if (node != null && graph.successors().containsKey(node)) {
            Set<String> ways = graph.successors().get(node);
            if (chosen != null && !ways.contains(chosen)) {
              found.add("'" + node + "' chose '" + chosen + "', but its edges lead to " + ways);
            } else if (chosen == null && !ways.isEmpty()) {
              found.add("'" + node + "' chose no next node, but its edges lead to " + ways);
            }
          }
          last = node;
          open = null;
          failedAttempt = false;
        }
        case "run_failed" -> {
          if (!failedAttempt) {
            found.add("run_failed without a failed attempt of the open node '" + open + "'");
          }
        }
        case "run_completed" -> {
          boolean atTerminate = open != null && graph.ends(open);
          if (!atTerminate && open != null) {
            found.add("completed while '" + open + "' had not succeeded");
          } else if (!atTerminate && chosen != null) {
            found.add("completed after '" + last + "', but it chose '" + chosen + "' next");
          } else if (!atTerminate && last == null) {
            found.add("completed before any node succeeded");
          }
        }
        default -> {} // run_created and events the walk has no rule for
      }
    }
    return new Walk(List.copyOf(found), attempts, retries);
  }
}
