package dev.meshhook.load.checker;

import java.time.Instant;
import java.util.UUID;

/**
 * One run of this suite's run tag, as the contract tables record it, with the facts about its event
 * log that the SQL aggregates per run (the checker never needs the events themselves here).
 */
public record RunRecord(
    String loadId,
    UUID runId,
    String status,
    Instant startedAt,
    Instant finishedAt,
    UUID projectId,
    UUID workflowProjectId,
    int events,
    int terminalEvents,
    String lastTerminalType,
    boolean firstIsRunCreated,
    boolean endsWithTerminal,
    int outOfOrder) {

  public boolean terminal() {
    return "succeeded".equals(status) || "failed".equals(status) || "canceled".equals(status);
  }
}
