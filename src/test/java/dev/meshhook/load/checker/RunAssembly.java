package dev.meshhook.load.checker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Whole runs out of a tag's events streamed in no particular order, without sorting them: each
 * run's events are held until its terminal event arrives, then the run is handed over and dropped.
 * A steady engine writes a run's events within a short while, so few runs are held at once; the
 * order of the stream is never relied on for the result, only for how few runs need a second look:
 *
 * <ul>
 *   <li>a run that gets an event after it was handed over (an event after its terminal one, or
 *       before it in id order but later in the stream) is listed in {@link #again()}, and its
 *       handed-over events must be ignored: they may not be all of them;
 *   <li>when more than {@code maxInFlight} runs are held, the one held longest is dropped and
 *       listed there too, and its later events are skipped, so memory stays bounded whatever the
 *       order;
 *   <li>what is still held when the stream ends is whole, and handed over by {@link #finish()}.
 * </ul>
 *
 * The runs listed in {@link #again()} are read again whole, sorted, by the caller. Filled by one
 * thread.
 */
final class RunAssembly {
  /**
   * A run's stored row, as re-execution reads it ({@link RunRows}), and how many {@code
   * run_created} events of the tag the run has: as many times each of its events counts.
   */
  record Row(String loadId, String status, boolean finished, String workflowId, int copies) {}

  /** One event as streamed, its payload still undecoded. */
  private record Raw(long id, long micros, String type, byte[] payload) {}

  /** A run's events as they came, until it is handed over. */
  static final class Held {
    private final long high;
    private final long low;
    private final String runId;
    private final List<Raw> events = new ArrayList<>(6);

    private Held(long high, long low) {
      this.high = high;
      this.low = low;
      this.runId = new UUID(high, low).toString();
    }

    String runId() {
      return runId;
    }

    /** The run id's first half, as {@link UUID} holds it. */
    long high() {
      return high;
    }

    /** The run id's second half. */
    long low() {
      return low;
    }

    /**
     * The run with its stored {@code row} and its events in id order (in arrival order among equal
     * ids), payloads parsed, each event {@code row.copies()} times in a row: what joining every
     * event to each of the run's {@code run_created} rows of the tag gave, sorted by id.
     */
    WholeRuns.Run run(Row row) {
      events.sort(Comparator.comparingLong(Raw::id)); // stable: a repeated event stays repeated
      List<ReplayFold.Event> parsed = new ArrayList<>(events.size() * row.copies());
      for (Raw e : events) {
        for (int copy = 0; copy < row.copies(); copy++) {
          parsed.add(
              ReplayFold.Event.of(e.id(), BinaryCopy.instantOf(e.micros()), e.type(), e.payload()));
        }
      }
      return new WholeRuns.Run(
          new Replay.StoredRun(row.loadId(), runId, row.status(), row.finished(), parsed),
          row.workflowId());
    }
  }

  private static final byte HELD = 0;
  private static final byte HANDED_OVER = 1;
  private static final byte AGAIN = 2;

  private final int maxInFlight;
  private final Consumer<Held> whole;
  private final RunIds runIds = new RunIds();
  private byte[] state = new byte[1024];
  private final Map<Integer, Held> held = new LinkedHashMap<>();
  private final Set<String> again = new LinkedHashSet<>();

  /** Hands each whole run to {@code whole}, holding at most {@code maxInFlight} runs at once. */
  RunAssembly(int maxInFlight, Consumer<Held> whole) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    this.whole = whole;
  }

  /** One event of the run whose id's halves are {@code runHigh} and {@code runLow}. */
  void add(long runHigh, long runLow, long id, long micros, String type, byte[] payload) {
    int run = runIds.add(runHigh, runLow);
    state = runIds.fit(state);
    if (state[run] == AGAIN) {
      return;
    }
    if (state[run] == HANDED_OVER) {
      state[run] = AGAIN;
      again.add(new UUID(runHigh, runLow).toString());
      return;
    }
    Held h = held.get(run);
    if (h == null) {
      h = new Held(runHigh, runLow);
      held.put(run, h);
    }
    h.events.add(new Raw(id, micros, type, payload));
    if (type.equals("run_completed") || type.equals("run_failed")) {
      held.remove(run);
      state[run] = HANDED_OVER;
      whole.accept(h);
    } else if (held.size() > maxInFlight) {
      Iterator<Map.Entry<Integer, Held>> longest = held.entrySet().iterator();
      Map.Entry<Integer, Held> dropped = longest.next();
      longest.remove();
      state[dropped.getKey()] = AGAIN;
      again.add(dropped.getValue().runId());
    }
  }

  /** At the stream's end: every run still held is whole, and handed over. */
  void finish() {
    for (Map.Entry<Integer, Held> h : held.entrySet()) {
      state[h.getKey()] = HANDED_OVER;
      whole.accept(h.getValue());
    }
    held.clear();
  }

  /**
   * The runs to read again whole: each got an event after it was handed over (ignore what it was
   * handed over with), or was dropped to stay within bounds (it was never handed over).
   */
  Set<String> again() {
    return again;
  }
}
