package dev.meshhook.load.engine.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.engine.workflow.EngineDialect;
import dev.meshhook.load.engine.workflow.WorkflowDefinition.Step;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * How a dialect writes a run's events. The workers build every event in the reference shape; the
 * dialect writes it as it is, as its own equivalent, or not at all, and adds what its engine logs
 * beyond that (MeshHook logs every http attempt).
 */
interface EventShapes {
  /**
   * Writes one reference-shaped event of a run whose workflow has {@code steps} to {@code out}
   * (type, payload), in the dialect's shape.
   */
  void write(String type, ObjectNode payload, List<Step> steps, BiConsumer<String, JsonNode> out);

  /** What the http_call at {@code index} adds for its attempts, before its outcome is written. */
  void attempts(int index, Step step, HttpCaller.Outcome outcome, BiConsumer<String, JsonNode> out);

  static EventShapes of(EngineDialect dialect) {
    return switch (dialect) {
      case REFERENCE -> REFERENCE;
      case MESHHOOK -> new MeshHookEvents();
    };
  }

  /** The reference engine's own shapes: everything as built, no attempt events. */
  EventShapes REFERENCE =
      new EventShapes() {
        @Override
        public void write(
            String type, ObjectNode payload, List<Step> steps, BiConsumer<String, JsonNode> out) {
          out.accept(type, payload);
        }

        @Override
        public void attempts(
            int index, Step step, HttpCaller.Outcome outcome, BiConsumer<String, JsonNode> out) {}
      };
}
