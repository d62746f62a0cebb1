package dev.meshhook.load.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a ledger back, pairing each sent line with its answer; a torn last line is ignored. What
 * cannot be paired (a load id sent twice, an answer to a load id never sent) is the harness's
 * fault, not the target's: it is kept as a defect, and the checker's counts then do not balance.
 */
public final class LedgerReader {
  private LedgerReader() {}

  /**
   * The requests, one entry per load id; {@code sentLines} counts every sent line, so a load id
   * sent twice shows as one more sent than entries; {@code defects} names up to ten unpaired lines.
   */
  public record Ledger(
      String runTag, List<LedgerEntry> entries, long sentLines, List<String> defects) {
    public Ledger(String runTag, List<LedgerEntry> entries) {
      this(runTag, entries, entries.size(), List.of());
    }
  }

  /** How many unpaired or repeated lines a ledger names (the rest are only counted). */
  public static final int MAX_DEFECTS = 10;

  public static Ledger read(Path file) {
    Map<String, LedgerEntry> byId = new LinkedHashMap<>();
    String runTag = null;
    long sentLines = 0;
    List<String> defects = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(LoadLedger.HEADER)) {
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
            LedgerEntry entry =
                new LedgerEntry(
                    f[1], f[2], Long.parseLong(f[3]), Integer.parseInt(f[4]), 0, 0, null);
            sentLines++;
            if (byId.putIfAbsent(f[1], entry) != null && defects.size() < MAX_DEFECTS) {
              defects.add("load id " + f[1] + " sent more than once");
            }
          } else if ("A".equals(f[0])) {
            LedgerEntry sent = byId.get(f[1]);
            if (sent == null) {
              if (defects.size() < MAX_DEFECTS) {
                defects.add("an answer to load id " + f[1] + ", which was never sent");
              }
            } else {
              byId.put(
                  f[1],
                  new LedgerEntry(
                      sent.loadId(),
                      sent.slug(),
                      sent.sentEpochMs(),
                      sent.expectedStatus(),
                      Integer.parseInt(f[2]),
                      Long.parseLong(f[3]),
                      "-".equals(f[4]) ? null : f[4],
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
    return new Ledger(runTag, List.copyOf(byId.values()), sentLines, List.copyOf(defects));
  }
}
