package dev.meshhook.load.checker;

import java.util.Locale;

/** The fixed classes the checker counts; each is allowed a number of times per profile. */
public enum Anomaly {
  /** Accepted (2xx), but no run carries its load id. */
  MISSING,
  /** Accepted, and more than one run carries its load id. */
  DUPLICATED,
  /** Accepted, one run, not terminal by the drain deadline. */
  STUCK,
  /** Accepted, one run, which ended failed or canceled. */
  FAILED,
  /** Rejected (non-2xx), yet a run carries its load id. */
  ORPHAN,
  /** A run whose event log breaks the contract (order, terminal event, status, tenant). */
  EVENT_LOG,
  /**
   * A run no request of the ledger accounts for: one carrying this run's tag whose load id is not
   * in the ledger, or, on a dedicated target, one created in the load window on the tag's projects
   * that carries no load id of the tag at all ({@code verify.unaccountedRuns}).
   */
  UNEXPECTED,
  /**
   * A run whose stored row disagrees with its events folded (status, finished or not), whose fold
   * depends on reading the events in id or timestamp order, or with a step completed twice.
   */
  REPLAY,
  /**
   * A run with a {@code step_succeeded} event that names its step in no dialect the checker reads
   * (no integer {@code step}, no {@code node.id}), among runs that do: it is not judged at the
   * replay level, and is counted here rather than passed.
   */
  UNREADABLE_STEP_EVENT;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
