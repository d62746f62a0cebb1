package dev.meshhook.load.run;

import dev.meshhook.load.config.Injectors;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The instant every injector of a shared run starts sending at, so that their seconds line up and
 * the merged figures (availability per second, the stairs of stress) mean what they say alone.
 */
final class StartBarrier {
  private StartBarrier() {}

  /**
   * Waits until {@code injectors.startAtEpochMs} (bounded by the config's check: at most an hour);
   * an injector ready after it starts at once and says how late it is. No barrier: returns at once.
   */
  static void await(Injectors injectors, LongSupplier clock) {
    long startAt = injectors.startAtEpochMs();
    if (startAt == 0) {
      return;
    }
    String who = "injector " + injectors.index() + " of " + injectors.count();
    long wait = startAt - clock.getAsLong();
    if (wait < 0) {
      System.out.println(
          who
              + ": ready "
              + seconds(-wait)
              + " after the start barrier ("
              + Instant.ofEpochMilli(startAt)
              + "); starting at once");
      return;
    }
    System.out.println(
        who
            + ": waiting "
            + seconds(wait)
            + " for the start barrier at "
            + Instant.ofEpochMilli(startAt));
    try {
      while ((wait = startAt - clock.getAsLong()) > 0) {
        Thread.sleep(Math.min(wait, 1_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(who + ": interrupted while waiting for the start barrier", e);
    }
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
