package dev.meshhook.load.checker;

import java.util.ArrayList;
import java.util.List;

/**
 * How far the dialect level reached: the dialect it was judged in and why, how many of the tag's
 * runs it judged, the runs it did not judge and why, the runs whose step events no dialect reads
 * ({@code unreadable}, a finding of their own), the runs whose definition the re-execution could
 * not read and that were judged by their step sequence alone ({@code sequenceOnly}), and what the
 * MeshHook dialect counted of attempts and retries. A run not judged is no mismatch and no pass;
 * under a dialect the user named it makes the verdict unknown, and a replay level that judged no
 * run at all is unknown whoever chose the dialect.
 */
public record ReplayCoverage(
    DialectChoice choice,
    long runs,
    NotJudged notJudged,
    boolean reExecuted,
    long httpAttempts,
    long retries,
    Tally unreadable,
    NotJudged sequenceOnly) {

  /** Nothing was read (the database could not be). */
  public static final ReplayCoverage NONE =
      new ReplayCoverage(null, 0, NotJudged.NONE, false, 0, 0, Tally.NONE, NotJudged.NONE);

  public ReplayCoverage(
      DialectChoice choice,
      long runs,
      NotJudged notJudged,
      boolean reExecuted,
      long httpAttempts,
      long retries) {
    this(choice, runs, notJudged, reExecuted, httpAttempts, retries, Tally.NONE, NotJudged.NONE);
  }

  public long judged() {
    return choice == null || choice.dialect() == Dialect.CONTRACT
        ? 0
        : Math.max(0, runs - notJudged.runs());
  }

  public long notJudgedRuns() {
    return choice == null ? 0 : runs - judged();
  }

  /**
   * Why the verdict is unknown at the replay level: it judged none of the tag's runs, or the user
   * named a dialect the target's runs are not written in. Null when it is not.
   */
  public String unknownBecause() {
    if (choice == null || runs == 0) {
      return null; // nothing read (the verdict says why), or no run to judge
    }
    if (choice.named() && choice.dialect() != Dialect.CONTRACT && !notJudged.isEmpty()) {
      // The user's own setting is the likeliest cause: say so first.
      return "verify.dialect="
          + choice.dialect().flag()
          + " cannot read "
          + notJudgedRuns()
          + " of "
          + runs
          + " runs ("
          + reasons()
          + "); name the target's dialect, or set verify.dialect=auto to judge what can be read";
    }
    if (judged() == 0) {
      return "replay: judged on 0 of "
          + runs
          + " runs ("
          + reasons()
          + "), so nothing proves the runs' events replay to what is stored; "
          + (choice.named() && choice.dialect() == Dialect.CONTRACT
              ? "name the target's dialect (verify.dialect=reference or meshhook) or set"
                  + " verify.dialect=auto"
              : "the checker reads steps named by an integer 'step' or a 'node.id'");
    }
    return null;
  }

  /** The reasons, each with its count of runs. */
  public String reasons() {
    if (choice != null && choice.dialect() == Dialect.CONTRACT) {
      return choice.named()
          ? "verify.dialect=contract judges the contract level only"
          : choice.why();
    }
    List<String> parts = new ArrayList<>();
    notJudged.counts().forEach((reason, count) -> parts.add(reason + ": " + count + " run(s)"));
    return String.join("; ", parts);
  }

  /** One line for the console and the reports. */
  public String describe() {
    if (choice == null) {
      return "replay: not judged (the database could not be read)";
    }
    String in = " in the " + choice.dialect().flag() + " dialect (" + choice.source() + ")";
    if (choice.dialect() == Dialect.CONTRACT) {
      return "replay: not judged on this target ("
          + reasons()
          + "); 0 of "
          + runs
          + " runs judged, the contract level judged all";
    }
    String counted =
        choice.dialect() == Dialect.MESHHOOK && reExecuted
            ? "; " + httpAttempts + " http attempt(s), " + retries + " retried step(s)"
            : "";
    String sequence =
        sequenceOnly.isEmpty()
            ? ""
            : "; by step sequence only (gaps, repeats, steps after the end), not re-executed: "
                + sequenceOnly.runs()
                + " run(s) ("
                + String.join("; ", sequenceOnly.byReason().keySet())
                + ")";
    String unread =
        unreadable.count() == 0
            ? ""
            : "; "
                + unreadable.count()
                + " run(s) with a step event no dialect reads (unreadable-step-event)";
    if (notJudged.isEmpty()) {
      return "replay: judged on "
          + judged()
          + " of "
          + runs
          + " runs"
          + in
          + sequence
          + unread
          + counted;
    }
    return "replay: judged on "
        + judged()
        + " of "
        + runs
        + " runs"
        + in
        + "; not judged on this target: "
        + notJudgedRuns()
        + " run(s) ("
        + reasons()
        + ")"
        + sequence
        + unread
        + counted;
  }
}
