package dev.meshhook.load.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A scaling run's scale-outs, in {@code scaling} in the run folder, one line each, written when the
 * next count's stairs are about to begin:
 *
 * <pre>
 * C  replicas  startEpochMs  pendingRuns  failure (- when the replicas started)
 * </pre>
 *
 * The analysis splits the ledger at these times rather than guessing from its gaps, and a count
 * whose stairs began on a backlog (the drain's deadline passed) or without all its replicas is
 * judged unknown. The first count has no line: it starts with the run.
 */
public final class ScaleLog {
  public static final String FILE_NAME = "scaling";

  /** One scale-out: to {@code replicas}, done at {@code startEpochMs}. */
  public record ScaleOut(int replicas, long startEpochMs, long pendingRuns, String failure) {
    public boolean clean() {
      return pendingRuns == 0 && failure == null;
    }
  }

  private final Path file;

  public ScaleLog(Path folder) {
    this.file = folder.resolve(FILE_NAME);
  }

  public synchronized void record(ScaleOut s) {
    String line =
        "C\t"
            + s.replicas()
            + "\t"
            + s.startEpochMs()
            + "\t"
            + s.pendingRuns()
            + "\t"
            + (s.failure() == null ? "-" : s.failure().replace('\t', ' ').replace('\n', ' '))
            + "\n";
    try {
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** When each count after the first began, in order: where the ledger splits into counts. */
  public static List<Long> startsAfterFirst(List<ScaleOut> scaleOuts) {
    return scaleOuts.stream().map(ScaleOut::startEpochMs).toList();
  }

  /**
   * Why the count a scale-out began has figures that do not count, or null: its replicas did not
   * all start, or its stairs began on a backlog.
   */
  public static String notJudged(ScaleOut s) {
    if (s.failure() != null) {
      return "not every replica started (" + s.failure() + ")";
    }
    if (s.pendingRuns() > 0) {
      return "the stairs began with "
          + s.pendingRuns()
          + " runs of the counts before still pending (scaling.drainTimeout passed)";
    }
    return null;
  }

  /** The scale-outs recorded, in order; empty when there is no file (one count, or an old run). */
  public static List<ScaleOut> read(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    List<ScaleOut> all = new ArrayList<>();
    if (!Files.exists(file)) {
      return all;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", -1);
        if (f.length == 5 && f[0].equals("C")) {
          all.add(
              new ScaleOut(
                  Integer.parseInt(f[1]),
                  Long.parseLong(f[2]),
                  Long.parseLong(f[3]),
                  f[4].equals("-") ? null : f[4]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(file + " holds a line that is not a scale-out: " + e, e);
    }
    return all;
  }
}
