package dev.meshhook.load.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code -Dreports.keep=N}: deletes all but the N newest run folders, oldest first. Only folders
 * that are runs (they hold our run.json or a Gatling simulation.log) are candidates, so anything
 * else under reports/ (history.jsonl, index.html, shared assets) is never touched.
 */
public final class ReportPruner {
  private ReportPruner() {}

  /** Returns the folders deleted, oldest first; {@code keep} 0 deletes nothing. */
  public static List<Path> prune(Path reports, int keep) {
    if (keep <= 0 || !Files.isDirectory(reports)) {
      return List.of();
    }
    List<Path> runs;
    try (Stream<Path> s = Files.list(reports)) {
      runs = new ArrayList<>(s.filter(ReportPruner::isRunFolder).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + reports, e);
    }
    runs.sort(
        Comparator.comparing(ReportPruner::startedAt)
            .thenComparing(p -> p.getFileName().toString()));
    List<Path> deleted = new ArrayList<>();
    for (Path folder : runs.subList(0, Math.max(0, runs.size() - keep))) {
      deleteTree(folder);
      deleted.add(folder);
    }
    return deleted;
  }

  static boolean isRunFolder(Path p) {
    return Files.isDirectory(p)
        && (Files.isRegularFile(p.resolve("run.json"))
            || Files.isRegularFile(p.resolve("simulation.log")));
  }

  /** The run's start from run.json; the folder's modification time when there is none. */
  private static Instant startedAt(Path folder) {
    try {
      Path info = folder.resolve("run.json");
      if (Files.isRegularFile(info)) {
        return Instant.parse(new ObjectMapper().readTree(info.toFile()).path("startedAt").asText());
      }
    } catch (IOException | RuntimeException e) {
      // falls back to the folder's time below
    }
    try {
      return Files.getLastModifiedTime(folder).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static void deleteTree(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + folder, e);
    }
  }
}
