package dev.meshhook.load.figures;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.OperationLog;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the live-log streams received, against the database: each finished stream must hold exactly
 * its run's events, in order, none twice (gaps and duplicates are counted per event); event latency
 * is the time from the event's database timestamp to its arrival, for events committed after the
 * stream connected (older ones are catch-up, not live).
 */
public final class StreamFigures {
  private StreamFigures() {}

  /** Counts over all streams. */
  public record Streams(
      int streams,
      int unfinished,
      long events,
      long missed,
      long duplicated,
      long outOfOrder,
      Latency live) {}

  public static Streams judge(
      List<OperationLog.StreamEvent> events, Map<String, List<Long>> eventIdsByRun) {
    Map<Long, List<OperationLog.StreamEvent>> byStream = new LinkedHashMap<>();
    for (OperationLog.StreamEvent e : events) {
      byStream.computeIfAbsent(e.stream(), k -> new ArrayList<>()).add(e);
    }
    int unfinished = 0;
    long missed = 0, duplicated = 0, outOfOrder = 0;
    for (List<OperationLog.StreamEvent> stream : byStream.values()) {
      String last = stream.get(stream.size() - 1).type();
      if (!last.equals("run_completed") && !last.equals("run_failed")) {
        unfinished++;
        continue; // cut short by the follow timeout: what it missed is not a gap of the engine's
      }
      Set<Long> seen = new HashSet<>();
      long previous = Long.MIN_VALUE;
      for (OperationLog.StreamEvent e : stream) {
        if (!seen.add(e.eventId())) {
          duplicated++;
        }
        if (e.eventId() < previous) {
          outOfOrder++;
        }
        previous = Math.max(previous, e.eventId());
      }
      for (long id : eventIdsByRun.getOrDefault(stream.get(0).runId(), List.of())) {
        if (!seen.contains(id)) {
          missed++;
        }
      }
    }
    long[] live =
        events.stream()
            .filter(e -> e.eventEpochMs() >= e.connectedEpochMs())
            .mapToLong(e -> Math.max(0, e.receivedEpochMs() - e.eventEpochMs()))
            .toArray();
    return new Streams(
        byStream.size(),
        unfinished,
        events.size(),
        missed,
        duplicated,
        outOfOrder,
        Latency.of(live));
  }

  /**
   * Reads the streams and their runs' events; rows for event latency, gaps, duplicates and
   * unfinished streams. When the profile opens streams ({@code expected}) and no live event
   * arrived, the latency rows are judged as not measured, so they fail.
   */
  public static List<Classification.Row> rows(
      Evidence evidence, int p95Ms, int p99Ms, double margin, boolean expected) {
    OperationLog.Contents log = evidence.operations();
    List<OperationLog.StreamEvent> events = log.events();
    // A stream that never got its terminal event, including one that got no event at all.
    List<OperationLog.Operation> streams = log.named("stream logs");
    long unfinished = streams.stream().filter(o -> !o.ok()).count();
    Map<String, List<Long>> ids;
    try {
      ids =
          evidence
              .history()
              .eventIds(events.stream().map(OperationLog.StreamEvent::runId).distinct().toList());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the streamed runs' events: " + e.getMessage(), e);
    }
    Streams s = judge(events, ids);
    List<Classification.Row> rows = new ArrayList<>();
    rows.add(Classification.info("streams", streams.size(), ""));
    rows.add(Classification.info("events streamed", s.events(), ""));
    rows.add(Classification.info("live events", s.live().count(), ""));
    rows.add(Classification.info("event latency p50", s.live().p50OrNaN(), "ms"));
    if (s.live().count() > 0 || expected) {
      rows.add(
          Classification.atMost("event latency p95", s.live().p95OrNaN(), "ms", p95Ms, margin));
      rows.add(
          Classification.atMost("event latency p99", s.live().p99OrNaN(), "ms", p99Ms, margin));
    }
    rows.add(Classification.noMoreThan("streams unfinished", unfinished, "", 0, margin));
    rows.add(Classification.noMoreThan("events missed", s.missed(), "", 0, margin));
    rows.add(Classification.noMoreThan("events duplicated", s.duplicated(), "", 0, margin));
    rows.add(Classification.noMoreThan("events out of order", s.outOfOrder(), "", 0, margin));
    return rows;
  }
}
