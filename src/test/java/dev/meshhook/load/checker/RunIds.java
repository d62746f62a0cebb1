package dev.meshhook.load.checker;

import java.util.Arrays;

/**
 * Run ids numbered 0, 1, 2, ... in the order first seen: open addressing over the id's two halves
 * and its number side by side in one array (one cache line to look at, not three), 24 bytes a slot
 * instead of an object per id. The number indexes the caller's own per-run arrays. Filled by one
 * thread.
 */
final class RunIds {
  /** Runs remembered in front of the table: a few times the runs a steady engine has in flight. */
  private static final int RECENT = 4096;

  // per slot: the id's two halves, then its number + 1 (0 when the slot is free)
  private long[] slots = new long[3 * 1024];
  private int capacity = 1024;
  private int runs;
  // The same, for the runs added last, one per hash bucket: a run's events arrive close together,
  // so most adds are answered from 96 KB the CPU keeps cached instead of a miss in a table of tens
  // of megabytes. A number never changes once given, so an entry stays right until overwritten.
  private final long[] recent = new long[3 * RECENT];

  /** The run's number, given it now when it has none. */
  int add(long hi, long lo) {
    int hash = mix(hi, lo);
    int r = 3 * (hash & (RECENT - 1));
    if (recent[r + 2] != 0 && recent[r] == hi && recent[r + 1] == lo) {
      return (int) recent[r + 2] - 1;
    }
    if ((runs + 1) * 2 > capacity) {
      grow();
    }
    int i = slot(hash, hi, lo);
    if (slots[i + 2] == 0) {
      slots[i] = hi;
      slots[i + 1] = lo;
      slots[i + 2] = ++runs;
    }
    recent[r] = hi;
    recent[r + 1] = lo;
    recent[r + 2] = slots[i + 2];
    return (int) slots[i + 2] - 1;
  }

  /** The run's number, or -1 when it has none. */
  int find(long hi, long lo) {
    return (int) slots[slot(hi, lo) + 2] - 1;
  }

  /** How many runs have a number: each is below it. */
  int size() {
    return runs;
  }

  /** Where the run is, or the free slot where it would go: an index of {@link #slots}. */
  private int slot(long hi, long lo) {
    return slot(mix(hi, lo), hi, lo);
  }

  private int slot(int hash, long hi, long lo) {
    int mask = capacity - 1;
    int i = hash & mask;
    while (slots[3 * i + 2] != 0 && (slots[3 * i] != hi || slots[3 * i + 1] != lo)) {
      i = (i + 1) & mask;
    }
    return 3 * i;
  }

  private void grow() {
    long[] old = slots;
    capacity *= 2;
    slots = new long[3 * capacity];
    for (int j = 0; j < old.length; j += 3) {
      if (old[j + 2] != 0) {
        int i = slot(old[j], old[j + 1]);
        System.arraycopy(old, j, slots, i, 3);
      }
    }
  }

  /** Random UUIDs are well spread already; the multiply spreads time-based ones too. */
  private static int mix(long hi, long lo) {
    long h = (hi ^ lo) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** {@code array}, long enough for every run's number. */
  int[] fit(int[] array) {
    return array.length >= runs ? array : Arrays.copyOf(array, Math.max(runs, array.length * 2));
  }

  /** {@code array}, long enough for every run's number. */
  byte[] fit(byte[] array) {
    return array.length >= runs ? array : Arrays.copyOf(array, Math.max(runs, array.length * 2));
  }

  /** {@code array}, long enough for every run's number. */
  <T> T[] fit(T[] array) {
    return array.length >= runs ? array : Arrays.copyOf(array, Math.max(runs, array.length * 2));
  }
}
