package dev.meshhook.load.checker;

import java.util.Arrays;
import java.util.UUID;

/**
 * The events of a tag's runs as they arrive, in no particular order, grouped by run: the few fields
 * the checker needs, in primitive arrays (25 bytes an event, 5,000,000 events in 125 MB plus the
 * arrays' growth slack) instead of an object per event. Each run's events are chained newest-first
 * and handed out sorted by id, one run at a time. Filled by one thread, read after it is done.
 */
final class RunEvents {
  // per event
  private long[] ids = new long[1024];
  private long[] micros = new long[1024];
  private byte[] types = new byte[1024];
  private int[] steps = new int[1024];
  private int[] previous = new int[1024];
  private int events;

  // per run, by its number: its latest event + 1
  private final RunIds runIds = new RunIds();
  private int[] last = new int[1024];

  /** {@code runHigh}, {@code runLow}: the run id's two halves, as {@link UUID} holds them. */
  void add(long runHigh, long runLow, long id, long timestampMicros, byte type, int step) {
    if (events == ids.length) {
      int n = ids.length * 2;
      ids = Arrays.copyOf(ids, n);
      micros = Arrays.copyOf(micros, n);
      types = Arrays.copyOf(types, n);
      steps = Arrays.copyOf(steps, n);
      previous = Arrays.copyOf(previous, n);
    }
    int slot = runIds.add(runHigh, runLow);
    last = runIds.fit(last);
    ids[events] = id;
    micros[events] = timestampMicros;
    types[events] = type;
    steps[events] = step;
    previous[events] = last[slot] - 1;
    last[slot] = ++events;
  }

  int events() {
    return events;
  }

  /** The run's slot, or -1 when no event of it arrived. */
  int slot(UUID run) {
    return runIds.find(run.getMostSignificantBits(), run.getLeastSignificantBits());
  }

  /** A slot number bound for per-run arrays. */
  int slots() {
    return runIds.size();
  }

  /** Runs the run in {@code slot} into {@code into}, sorted by event id. */
  void copy(int slot, RunLog into) {
    into.clear();
    for (int e = last[slot] - 1; e >= 0; e = previous[e]) {
      into.add(ids[e], micros[e], types[e], steps[e]);
    }
    into.sortById();
  }
}
