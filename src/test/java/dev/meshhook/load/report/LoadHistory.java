package dev.meshhook.load.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code reports/history.jsonl}: one JSON line per verified run, appended, never rewritten or
 * pruned, so the run index outlives the run folders. A line that cannot be read (a run killed while
 * appending) is skipped with a message, not fatal: the other runs still make an index.
 */
public final class LoadHistory {
  public static final String FILE_NAME = "history.jsonl";

  // Unknown fields are skipped: a newer suite's lines still read in an older one. A figure without
  // a
  // value is null in the file and NaN when read back.
  static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .registerModule(NoValueAsNull.module());

  private final Path file;

  public LoadHistory(Path reports) {
    this.file = reports.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /**
   * Every run recorded, in the order first appended. A run verified again (mvn -Preverify) appends
   * a newer line for its folder; the last line of a folder wins, so the file stays append-only.
   */
  public List<LoadSummary> read() {
    java.util.LinkedHashMap<String, LoadSummary> byFolder = new java.util.LinkedHashMap<>();
    for (LoadSummary run : readLines()) {
      byFolder.put(run.folder(), run);
    }
    return new ArrayList<>(byFolder.values());
  }

  private List<LoadSummary> readLines() {
    List<LoadSummary> runs = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return runs;
    }
    try {
      int number = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          runs.add(JSON.readValue(line, LoadSummary.class));
        } catch (IOException e) {
          System.out.println(
              "run index: skipped line "
                  + number
                  + " of "
                  + file
                  + " ("
                  + e.getMessage().lines().findFirst().orElse("")
                  + ")");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return runs;
  }

  public void append(LoadSummary run) {
    try {
      Files.createDirectories(file.getParent());
      // One write of one whole line: two runs appending at once do not interleave within a line.
      Files.writeString(
          file,
          JSON.writeValueAsString(run) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /**
   * Runs whose folder holds a results.json but that the history does not list (a history file lost
   * or started late) are appended from it, so the index is rebuilt from both sources.
   */
  public List<LoadSummary> readWithFolders() {
    List<LoadSummary> runs = read();
    Set<String> known = new HashSet<>();
    runs.forEach(r -> known.add(r.folder()));
    Path reports = file.getParent();
    if (!Files.isDirectory(reports)) {
      return runs;
    }
    try (Stream<Path> folders = Files.list(reports)) {
      for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        Path results = folder.resolve(ResultsJson.FILE_NAME);
        if (known.contains(folder.getFileName().toString()) || !Files.isRegularFile(results)) {
          continue;
        }
        try {
          JsonNode summary = JSON.readTree(results.toFile()).path("summary");
          LoadSummary run = JSON.treeToValue(summary, LoadSummary.class);
          if (run != null && run.folder() != null) {
            append(run);
            runs.add(run);
          }
        } catch (IOException e) {
          System.out.println("run index: cannot read " + results + " (" + e.getMessage() + ")");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + reports, e);
    }
    return runs;
  }
}
