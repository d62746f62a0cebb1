package dev.meshhook.load.checker;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One run's events in id order, reduced to what the checker reads (id, timestamp, type and the step
 * number a success or a resume names), and the facts about them: the event-log facts of a {@link
 * RunRecord} and the fold's progress. A buffer reused run after run.
 */
final class RunLog {
  static final byte OTHER = 0;
  static final byte RUN_CREATED = 1;
  static final byte STEP_STARTED = 2;
  static final byte STEP_SUCCEEDED = 3;
  static final byte STEP_FAILED = 4;
  static final byte RUN_RESUMED = 5;
  static final byte RUN_COMPLETED = 6;
  static final byte RUN_FAILED = 7;

  private long[] ids = new long[16];
  private long[] micros = new long[16];
  private byte[] types = new byte[16];
  private int[] steps = new int[16];
  private int size;

  /** Each known type's name, by its number. */
  private static final String[] NAME_STRINGS = {
    null,
    "run_created",
    "step_started",
    "step_succeeded",
    "step_failed",
    "run_resumed",
    "run_completed",
    "run_failed"
  };

  private static final byte[][] NAMES = new byte[NAME_STRINGS.length][];

  static {
    for (byte t = RUN_CREATED; t <= RUN_FAILED; t++) {
      NAMES[t] = NAME_STRINGS[t].getBytes(StandardCharsets.UTF_8);
    }
  }

  static byte type(String name) {
    for (byte t = RUN_CREATED; t <= RUN_FAILED; t++) {
      if (NAME_STRINGS[t].equals(name)) {
        return t;
      }
    }
    return OTHER;
  }

  /** A known type's name, the one string for it. */
  static String name(byte type) {
    return NAME_STRINGS[type];
  }

  /** As {@link #type(String)}, from the column's UTF-8 bytes: no string per event. */
  static byte type(byte[] name) {
    return type(name, 0, name.length);
  }

  /** As {@link #type(byte[])}, from {@code length} bytes at {@code from}. */
  static byte type(byte[] bytes, int from, int length) {
    for (byte t = RUN_CREATED; t <= RUN_FAILED; t++) {
      if (Arrays.equals(NAMES[t], 0, NAMES[t].length, bytes, from, from + length)) {
        return t;
      }
    }
    return OTHER;
  }

  void clear() {
    size = 0;
  }

  void add(long id, long timestampMicros, byte type, int step) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
      micros = Arrays.copyOf(micros, size * 2);
      types = Arrays.copyOf(types, size * 2);
      steps = Arrays.copyOf(steps, size * 2);
    }
    ids[size] = id;
    micros[size] = timestampMicros;
    types[size] = type;
    steps[size] = step;
    size++;
  }

  /** Insertion sort: a run has a handful of events, and they arrive nearly in order. */
  void sortById() {
    for (int i = 1; i < size; i++) {
      long id = ids[i];
      long ts = micros[i];
      byte type = types[i];
      int step = steps[i];
      int j = i - 1;
      while (j >= 0 && ids[j] > id) {
        ids[j + 1] = ids[j];
        micros[j + 1] = micros[j];
        types[j + 1] = types[j];
        steps[j + 1] = steps[j];
        j--;
      }
      ids[j + 1] = id;
      micros[j + 1] = ts;
      types[j + 1] = type;
      steps[j + 1] = step;
    }
  }

  int size() {
    return size;
  }

  boolean firstIsRunCreated() {
    return size > 0 && types[0] == RUN_CREATED;
  }

  boolean endsWithTerminal() {
    return size > 0 && terminal(types[size - 1]);
  }

  /** Events whose timestamp is before the previous event's. */
  int outOfOrder() {
    int n = 0;
    for (int i = 1; i < size; i++) {
      if (micros[i] < micros[i - 1]) {
        n++;
      }
    }
    return n;
  }

  /**
   * Terminal events of the last attempt: a resume starts a new one, earlier terminals no longer
   * count.
   */
  int terminalEvents() {
    int n = 0;
    for (int i = size - 1; i >= 0 && types[i] != RUN_RESUMED; i--) {
      if (terminal(types[i])) {
        n++;
      }
    }
    return n;
  }

  /**
   * The last attempt's terminal type, {@code run_failed} over {@code run_completed}; null when
   * none.
   */
  String lastTerminalType() {
    String found = null;
    for (int i = size - 1; i >= 0 && types[i] != RUN_RESUMED; i--) {
      if (types[i] == RUN_FAILED) {
        return "run_failed";
      }
      if (types[i] == RUN_COMPLETED) {
        found = "run_completed";
      }
    }
    return found;
  }

  /** True when a success does not name its step in the dialect it was read in. */
  boolean unreadable() {
    for (int i = 0; i < size; i++) {
      if (types[i] == STEP_SUCCEEDED && steps[i] == Dialect.UNREADABLE) {
        return true;
      }
    }
    return false;
  }

  /** Folds the events into {@code progress} (reset first), in id order. */
  ReplayFold.Progress fold(ReplayFold.Progress progress) {
    progress.reset();
    for (int i = 0; i < size; i++) {
      switch (types[i]) {
        case RUN_CREATED -> progress.created();
        case STEP_SUCCEEDED -> progress.succeeded(steps[i]);
        case RUN_RESUMED -> progress.resumed(steps[i]);
        case RUN_COMPLETED -> progress.completed();
        case RUN_FAILED -> progress.failed();
        default -> {} // no bearing on status or completions
      }
    }
    return progress;
  }

  private static boolean terminal(byte type) {
    return type == RUN_COMPLETED || type == RUN_FAILED;
  }
}
