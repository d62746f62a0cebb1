package dev.meshhook.load.checker;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs found by a look of their own, outside the request-by-request judgement (runs no request
 * accounts for, runs whose step events no dialect reads): how many, and a bounded sample to look
 * at. {@code notJudged} says why the look was not taken (null when it was): a look not taken is no
 * zero.
 */
public record Tally(long count, List<String> examples, String notJudged) {
  /** Nothing found, because nothing was looked for: the look was not taken. */
  public static Tally notLooked(String why) {
    return new Tally(0, List.of(), why);
  }

  /** The look was taken and found nothing. */
  public static final Tally NONE = new Tally(0, List.of(), null);

  /** Counts every item and keeps the first {@code max} as examples. */
  static final class Builder {
    private final int max;
    private final List<String> examples = new ArrayList<>();
    private long count;

    Builder(int max) {
      this.max = max;
    }

    void add(String example) {
      count++;
      if (examples.size() < max) {
        examples.add(example);
      }
    }

    Tally build() {
      return count == 0 ? NONE : new Tally(count, List.copyOf(examples), null);
    }
  }
}
