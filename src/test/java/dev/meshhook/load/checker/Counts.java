package dev.meshhook.load.checker;

/**
 * Every request accounted for. Two equations must hold, or the harness (not the engine) is broken
 * and the verdict is unknown: {@code sent = accepted + rejected + unanswered} and {@code accepted =
 * completed + failed + stuck + missing + duplicated}.
 */
public record Counts(
    long sent,
    long accepted,
    long rejected,
    long unanswered,
    long unansweredRan,
    long completed,
    long failed,
    long stuck,
    long missing,
    long duplicated,
    long orphan,
    long unexpected,
    long eventLog,
    long replay,
    long runs,
    long unreadableStepEvent) {

  public boolean balanced() {
    return sent == accepted + rejected + unanswered
        && accepted + unansweredRan == completed + failed + stuck + missing + duplicated
        && unansweredRan <= unanswered;
  }

  public long of(Anomaly anomaly) {
    return switch (anomaly) {
      case MISSING -> missing;
      case DUPLICATED -> duplicated;
      case STUCK -> stuck;
      case FAILED -> failed;
      case ORPHAN -> orphan;
      case EVENT_LOG -> eventLog;
      case REPLAY -> replay;
      case UNEXPECTED -> unexpected;
      case UNREADABLE_STEP_EVENT -> unreadableStepEvent;
    };
  }
}
