package dev.meshhook.load.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a ledger back, pairing each sent line with its answer; a torn last line is ignored. */
public final class LedgerReader {
  private LedgerReader() {}

  public record Ledger(String runTag, List<LedgerEntry> entries) {}

  public static Ledger read(Path file) {
    Map<String, LedgerEntry> byId = new LinkedHashMap<>();
    String runTag = null;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(RunLedger.HEADER)) {
          int at = line.indexOf("runTag=");
          runTag = at < 0 ? null : line.substring(at + "runTag=".length()).trim();
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 5 && !(f.length == 6 && "A".equals(f[0]))) {
          continue; // a line cut short by a crash
        }
        try {
          if ("S".equals(f[0])) {
            byId.put(f[1], new LedgerEntry(f[1], f[2], Long.parseLong(f[3]), Integer.parseInt(f[4]), 0, 0, null));
          } else if ("A".equals(f[0])) {
            LedgerEntry sent = byId.get(f[1]);
            if (sent != null) {
              byId.put(
                  f[1],
                  new LedgerEntry(
                      sent.loadId(), sent.slug(), sent.sentEpochMs(), sent.expectedStatus(),
                      Integer.parseInt(f[2]), Long.parseLong(f[3]), "-".equals(f[4]) ? null : f[4],
                      f.length == 6 && "R".equals(f[5])));
            }
          }
        } catch (NumberFormatException e) {
          // a torn line: skip it, the rest of the ledger still counts
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ledger " + file, e);
    }
    if (runTag == null) {
      throw new IllegalArgumentException(file + " is not a meshhook-load ledger (no header line)");
    }
    return new Ledger(runTag, List.copyOf(byId.values()));
  }
}
