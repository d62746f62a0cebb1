package dev.meshhook.load.run;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last accepted runs of this load (id and tenant), in a fixed ring, so that reads in a mixed
 * run ask for runs that exist and belong to the tenant asking.
 */
public final class RecentRuns {
  public record Run(String id, String tenant) {}

  private final AtomicReferenceArray<Run> ring;
  private final AtomicLong added = new AtomicLong();

  public RecentRuns(int capacity) {
    this.ring = new AtomicReferenceArray<>(capacity);
  }

  public void add(String id, String tenant) {
    ring.set((int) (added.getAndIncrement() % ring.length()), new Run(id, tenant));
  }

  /** A random recent run, or null before the first one was accepted. */
  public Run any() {
    long n = Math.min(added.get(), ring.length());
    return n == 0 ? null : ring.get(ThreadLocalRandom.current().nextInt((int) n));
  }
}
