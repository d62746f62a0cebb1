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

  // per run: open addressing on the run id; last[slot] is the run's latest event + 1, 0 when free
  private long[] high = new long[1024];
  private long[] low = new long[1024];
  private int[] last = new int[1024];
  private int runs;

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
    int slot = slotFor(runHigh, runLow, true);
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
    return slotFor(run.getMostSignificantBits(), run.getLeastSignificantBits(), false);
  }

  /** A slot number bound for per-run arrays. */
  int slots() {
    return last.length;
  }

  /** Runs the run in {@code slot} into {@code into}, sorted by event id. */
  void copy(int slot, RunLog into) {
    into.clear();
    for (int e = last[slot] - 1; e >= 0; e = previous[e]) {
      into.add(ids[e], micros[e], types[e], steps[e]);
    }
    into.sortById();
  }

  private int slotFor(long hi, long lo, boolean insert) {
    if (insert && (runs + 1) * 2 > last.length) {
      grow();
    }
    int mask = last.length - 1;
    int i = mix(hi, lo) & mask;
    while (last[i] != 0) {
      if (high[i] == hi && low[i] == lo) {
        return i;
      }
      i = (i + 1) & mask;
    }
    if (!insert) {
      return -1;
    }
    high[i] = hi;
    low[i] = lo;
    runs++;
    return i; // last[i] is set by the caller's first event
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldLast = last;
    high = new long[oldLast.length * 2];
    low = new long[oldLast.length * 2];
    last = new int[oldLast.length * 2];
    int mask = last.length - 1;
    for (int j = 0; j < oldLast.length; j++) {
      if (oldLast[j] != 0) {
        int i = mix(oldHigh[j], oldLow[j]) & mask;
        while (last[i] != 0) {
          i = (i + 1) & mask;
        }
        high[i] = oldHigh[j];
        low[i] = oldLow[j];
        last[i] = oldLast[j];
      }
    }
  }

  /** Random UUIDs are well spread already; the multiply spreads time-based ones too. */
  private static int mix(long hi, long lo) {
    long h = (hi ^ lo) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
