package dev.meshhook.load.checker;

import java.util.Arrays;
import java.util.UUID;

/**
 * The events of a tag's runs as they arrive, in no particular order, grouped by run: the few fields
 * the checker needs, in primitive arrays (25 bytes an event, 5,000,000 events in 125 MB plus at
 * most one chunk's slack) instead of an object per event. Each run's events are chained
 * newest-first and handed out sorted by id, one run at a time. Filled by one thread, read after it
 * is done.
 */
final class RunEvents {
  // Events are kept in chunks, so the store grows without copying what it holds: a chunk of longs
  // is 2 MB, which the collector keeps in place rather than copying from young to old.
  private static final int SHIFT = 18;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;
  // The first chunk starts small and doubles up to a full one: a smoke run's few dozen events
  // should not cost 6.5 MB. Every later chunk is full from the start.
  private static final int FIRST = 1024;

  // per event, by chunk
  private long[][] ids = new long[0][];
  private long[][] micros = new long[0][];
  private byte[][] types = new byte[0][];
  private int[][] steps = new int[0][];
  private int[][] previous = new int[0][];
  private int events;

  // per run, by its number: its latest event + 1
  private final RunIds runIds = new RunIds();
  private int[] last = new int[1024];

  /** {@code runHigh}, {@code runLow}: the run id's two halves, as {@link UUID} holds them. */
  void add(long runHigh, long runLow, long id, long timestampMicros, byte type, int step) {
    int chunk = events >>> SHIFT;
    int at = events & MASK;
    if (chunk == ids.length) {
      ids = Arrays.copyOf(ids, chunk + 1);
      micros = Arrays.copyOf(micros, chunk + 1);
      types = Arrays.copyOf(types, chunk + 1);
      steps = Arrays.copyOf(steps, chunk + 1);
      previous = Arrays.copyOf(previous, chunk + 1);
      sizeChunk(chunk, chunk == 0 ? FIRST : CHUNK);
    } else if (at == ids[chunk].length) {
      sizeChunk(chunk, Math.min(2 * at, CHUNK));
    }
    int slot = runIds.add(runHigh, runLow);
    last = runIds.fit(last);
    ids[chunk][at] = id;
    micros[chunk][at] = timestampMicros;
    types[chunk][at] = type;
    steps[chunk][at] = step;
    previous[chunk][at] = last[slot] - 1;
    last[slot] = ++events;
  }

  /** Gives chunk {@code chunk} room for {@code size} events, keeping the ones it holds. */
  private void sizeChunk(int chunk, int size) {
    ids[chunk] = ids[chunk] == null ? new long[size] : Arrays.copyOf(ids[chunk], size);
    micros[chunk] = micros[chunk] == null ? new long[size] : Arrays.copyOf(micros[chunk], size);
    types[chunk] = types[chunk] == null ? new byte[size] : Arrays.copyOf(types[chunk], size);
    steps[chunk] = steps[chunk] == null ? new int[size] : Arrays.copyOf(steps[chunk], size);
    previous[chunk] =
        previous[chunk] == null ? new int[size] : Arrays.copyOf(previous[chunk], size);
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
    for (int e = last[slot] - 1; e >= 0; e = previous[e >>> SHIFT][e & MASK]) {
      int chunk = e >>> SHIFT;
      int at = e & MASK;
      into.add(ids[chunk][at], micros[chunk][at], types[chunk][at], steps[chunk][at]);
    }
    into.sortById();
  }
}
