package dev.meshhook.load.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the folder Gatling writes this run's report into ({@code <simulation>-<timestamp>} under
 * the results folder), so our ledger and verification report land beside Gatling's own.
 */
final class LoadFolder {
  private LoadFolder() {}

  /**
   * The newest folder for this simulation that Gatling started at or after {@code notBeforeMillis}
   * (Gatling creates it when injection starts); waits a few seconds for it, then falls back to a
   * folder of our own so nothing sent goes unrecorded.
   */
  static Path locate(Path reports, Class<?> simulation, long notBeforeMillis, String runTag) {
    String prefix = simulation.getSimpleName().toLowerCase(Locale.ROOT) + "-";
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      Optional<Path> found = newest(reports, prefix, notBeforeMillis);
      if (found.isPresent()) {
        return found.get();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Path own = reports.resolve(prefix + runTag);
    try {
      Files.createDirectories(own);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return own;
  }

  private static Optional<Path> newest(Path reports, String prefix, long notBeforeMillis) {
    if (!Files.isDirectory(reports)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(reports)) {
      return s.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> modifiedMillis(p) >= notBeforeMillis - 2_000)
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  // The folder's own time, not the stamp in its name: Gatling's stamp zone is not ours to assume.
  private static long modifiedMillis(Path folder) {
    try {
      return Files.getLastModifiedTime(folder).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }
}
