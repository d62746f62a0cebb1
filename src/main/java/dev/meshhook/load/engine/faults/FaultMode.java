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
  LEAK_CROSS_TENANT,
  /**
   * The run is recorded, then the connection is closed without an answer, as when an engine dies
   * between its commit and its 202. In turn: two runs ({@code duplicated}), one run never queued
   * ({@code stuck}), one run that finishes (judged like any accepted request): an unanswered
   * request is still checked whenever a run exists.
   */
  NO_ANSWER,
  /**
   * The run skips its second step (runs of three or more steps, whose first step leads straight to
   * the second): a replay finding, and a gap in the step numbers when the definition cannot be
   * read.
   */
  SKIP_STEP,
  /**
   * The run's step successes name no step ('step' and 'node' left out): an {@code unreadable step
   * event} that no dialect can replay.
   */
  UNREADABLE_STEP,
  /**
   * A second run is recorded for the request, without the request's load id: a run no ledger entry
   * accounts for, {@code unexpected} on a dedicated target.
   */
  UNTAGGED_RUN,
  /**
   * Every accepted webhook also updates one shared row, in the run's own transaction, and holds it
   * 10 ms before committing (as a per-engine counter kept by a slow trigger would): requests queue
   * on that row's lock. Nothing is lost or doubled, so the verdict passes; a stress run's
   * bottleneck names {@code db-lock}. Applies to every accepted request, not every Nth.
   */
  HOT_ROW,
  /**
   * Workers pick runs to claim without locking them (no {@code FOR UPDATE}, let alone {@code SKIP
   * LOCKED}) and take them without looking at the lease again, so two workers, of this engine or of
   * another replica, that picked the same run both take it and both carry it on (each claim stays
   * open 10 ms after it picks, as on a busy database, so that this happens every run); and each
   * records an http_call's success without checking that it still holds the run. The step then
   * succeeds twice in one attempt: replay findings naming the runs. Only the last holder's other
   * writes land, so nothing is lost, doubled or stuck. Applies to every claim, not every Nth.
   */
  NO_SKIP_LOCKED;

  /** The name users type, e.g. {@code drop-after-ack}. */
  public String flag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
