package dev.meshhook.load.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a load run started, as a stack: each part is pushed as it starts and {@link #close()} stops
 * them in reverse, so a part stops before whatever it was started on. One part failing to stop
 * keeps none of the others from stopping; the first failure is thrown once all were tried, with the
 * later ones suppressed in it. A part interrupted while it stops leaves the thread interrupted and
 * is no failure (the run is being cut short). Closing twice stops nothing twice.
 */
final class StartedParts implements AutoCloseable {
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  /** Stops {@code part} when the run stops, before every part pushed earlier; returns it. */
  synchronized <T extends AutoCloseable> T push(T part) {
    parts.push(part);
    return part;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    AutoCloseable part;
    while ((part = pop()) != null) {
      try {
        part.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        if (first == null) {
          first = unchecked(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static RuntimeException unchecked(Exception e) {
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    return e instanceof IOException io
        ? new UncheckedIOException(io)
        : new IllegalStateException(e);
  }

  private synchronized AutoCloseable pop() {
    return parts.poll();
  }
}
