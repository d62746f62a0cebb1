package dev.meshhook.load.engine.faults;

import java.util.Locale;

/**
 * Faults the reference engine can inject on purpose, so that every checker verdict is shown on a
 * real process. Every {@code engine.faultEvery}-th request of the kind a mode acts on gets it.
 */
public enum FaultMode {
  NONE,
  /** Answers 202 with a run id, records nothing: the checker must report {@code missing}. */
  DROP_AFTER_ACK,
  /** Records two runs for one request: {@code duplicated}. */
  DUPLICATE,
  /** Records the run but never queues it: {@code stuck}. */
  STUCK,
  /** The run's first step fails: {@code failed}. */
  FAIL_STEP,
  /** A request rejected with 401 still creates a run: {@code orphan}. Counts rejected requests. */
  ORPHAN,
  /** Status {@code succeeded} without a {@code run_completed} event: an event-log finding. */
  BAD_EVENT_LOG,
  /**
   * Every webhook without a signature header is accepted and runs, as real MeshHook does when a
   * request carries no signature: the security profile's {@code no-signature} probes find it.
   * Applies to every such request, not every Nth.
   */
  ACCEPT_UNSIGNED,
  /**
   * Reading, listing and following runs ignore the caller's tenant: another tenant's run is served
   * as if it were the caller's. The security profile's cross-tenant probes find it. Applies to
   * every read.
   */
  LEAK_CROSS_TENANT;

  /** The name users type, e.g. {@code drop-after-ack}. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
