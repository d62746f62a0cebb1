package dev.meshhook.load.checker;

import java.util.List;

/**
 * What the database holds for one run tag, read in one pass ({@link TagScan}): each run with its
 * event-log facts, and each run whose stored row disagrees with its replayed events, ordered by run
 * id.
 */
public record TagHistory(List<RunRecord> runs, List<Replay.Mismatch> replay) {}
