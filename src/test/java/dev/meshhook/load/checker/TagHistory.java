package dev.meshhook.load.checker;

import java.util.List;

/**
 * What the database holds for one run tag, read in one pass ({@link TagScan}): each run with its
 * event-log facts, each run whose stored row disagrees with its replayed events (ordered by run
 * id), the runs whose events the dialect could not read, so the fold did not judge them, and among
 * those the runs with a step event no dialect reads.
 */
public record TagHistory(
    List<RunRecord> runs, List<Replay.Mismatch> replay, NotJudged notJudged, Tally unreadable) {
  public TagHistory(List<RunRecord> runs, List<Replay.Mismatch> replay) {
    this(runs, replay, NotJudged.NONE, Tally.NONE);
  }
}
