package dev.meshhook.load.engine.faults;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which request gets the configured fault: every Nth accepted request, or every Nth
 * rejected one for {@link FaultMode#ORPHAN}. Counting (not sampling) makes the expected number of
 * anomalies exact, so tests can assert it.
 */
public final class FaultInjector {
  private final FaultMode mode;
  private final int every;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();

  public FaultInjector(FaultMode mode, int every) {
    this.mode = mode;
    this.every = every;
  }

  /** Called once per request that passed validation; the fault for it, or NONE. */
  public FaultMode onAccepted() {
    if (mode == FaultMode.NONE || mode == FaultMode.ORPHAN) {
      return FaultMode.NONE;
    }
    return hit(accepted) ? mode : FaultMode.NONE;
  }

  /** Called once per request rejected for its signature; true when it must create a run anyway. */
  public boolean orphanOnRejected() {
    return mode == FaultMode.ORPHAN && hit(rejected);
  }

  long injected() {
    return injected.get();
  }

  private boolean hit(AtomicLong counter) {
    if (counter.incrementAndGet() % every == 0) {
      injected.incrementAndGet();
      return true;
    }
    return false;
  }
}
