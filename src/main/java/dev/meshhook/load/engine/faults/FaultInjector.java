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
  private final AtomicLong unanswered = new AtomicLong();

  /** What the no-answer fault leaves behind the request it does not answer. */
  public enum Unanswered {
    TWO_RUNS,
    NEVER_QUEUED,
    ONE_RUN
  }

  public FaultInjector(FaultMode mode, int every) {
    this.mode = mode;
    this.every = every;
  }

  /** Called once per request that passed validation; the fault for it, or NONE. */
  public FaultMode onAccepted() {
    if (!actsOnAccepted()) {
      return FaultMode.NONE;
    }
    return hit(accepted) ? mode : FaultMode.NONE;
  }

  /**
   * For a request the no-answer fault hit: what it records before closing the connection, in turn
   * two runs, a run never queued, and one run, so each way is shown in one test.
   */
  public Unanswered nextUnanswered() {
    return Unanswered.values()[(int) (unanswered.getAndIncrement() % Unanswered.values().length)];
  }

  /** Called once per request rejected for its signature; true when it must create a run anyway. */
  public boolean orphanOnRejected() {
    return mode == FaultMode.ORPHAN && hit(rejected);
  }

  /**
   * Whether a webhook without any signature header is let through (the accept-unsigned fault); one
   * with a wrong signature is still rejected.
   */
  /** Whether this webhook's run is recorded with the hot-row update (every one, in that mode). */
  public boolean hotRow() {
    if (mode != FaultMode.HOT_ROW) {
      return false;
    }
    injected.incrementAndGet();
    return true;
  }

  public boolean acceptsUnsigned() {
    if (mode != FaultMode.ACCEPT_UNSIGNED) {
      return false;
    }
    injected.incrementAndGet();
    return true;
  }

  /** Whether reads of runs ignore the caller's tenant (the leak-cross-tenant fault). */
  public boolean ignoresTenant() {
    return mode == FaultMode.LEAK_CROSS_TENANT;
  }

  /** Whether workers claim without SKIP LOCKED and ignore leases (the no-skip-locked fault). */
  public boolean ignoresLeases() {
    return mode == FaultMode.NO_SKIP_LOCKED;
  }

  private boolean actsOnAccepted() {
    return switch (mode) {
      case DROP_AFTER_ACK,
          DUPLICATE,
          STUCK,
          FAIL_STEP,
          BAD_EVENT_LOG,
          NO_ANSWER,
          SKIP_STEP,
          UNREADABLE_STEP,
          UNTAGGED_RUN ->
          true;
      case NONE, ORPHAN, ACCEPT_UNSIGNED, LEAK_CROSS_TENANT, HOT_ROW, NO_SKIP_LOCKED -> false;
    };
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
