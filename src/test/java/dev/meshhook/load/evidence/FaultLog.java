package dev.meshhook.load.evidence;

import dev.meshhook.load.ledger.LineFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults a chaos run injected, one line each when the fault is over, in {@code faults} in the
 * run folder: {@code F kind startEpochMs endEpochMs detail}. The report draws them and the recovery
 * figures are measured from them.
 */
public final class FaultLog {
  public static final String FILE_NAME = "faults";

  public record Fault(String kind, long startEpochMs, long endEpochMs, String detail) {}

  private final Path file;

  public FaultLog(Path folder) {
    this.file = folder.resolve(FILE_NAME);
  }

  public synchronized void record(Fault f) {
    String line =
        "F\t"
            + f.kind()
            + "\t"
            + f.startEpochMs()
            + "\t"
            + f.endEpochMs()
            + "\t"
            + f.detail().replace('\t', ' ').replace('\n', ' ')
            + "\n";
    try {
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  public static List<Fault> read(Path folder) {
    List<Fault> faults = new ArrayList<>();
    LineFile.forEachLine(
        folder.resolve(FILE_NAME),
        f -> {
          if (f.length == 5 && f[0].equals("F")) {
            faults.add(new Fault(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
          }
        });
    return faults;
  }
}
