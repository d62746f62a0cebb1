package dev.meshhook.load.ledger;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a ledger back, pairing each sent line with its answer. Only the last line may be torn (a
 * crash cut it short, before its newline): it is ignored. Any other line the writer could not have
 * written is malformed: it is counted and named, never dropped in silence, for the request it held
 * is then unknown. What cannot be paired (a load id sent twice, an answer to a load id never sent)
 * is the harness's fault, not the target's: it is kept as a defect, and the checker's counts then
 * do not balance.
 */
public final class LedgerReader {
  private LedgerReader() {}

  /**
   * The requests, one entry per load id; {@code sentLines} counts every sent line, so a load id
   * sent twice shows as one more sent than entries; {@code defects} names up to ten unpaired lines;
   * {@code malformed} counts the lines that could not be read.
   */
  public record Ledger(
      String runTag,
      List<LedgerEntry> entries,
      long sentLines,
      List<String> defects,
      Malformed malformed) {
    public Ledger(String runTag, List<LedgerEntry> entries, long sentLines, List<String> defects) {
      this(runTag, entries, sentLines, defects, Malformed.NONE);
    }

    public Ledger(String runTag, List<LedgerEntry> entries) {
      this(runTag, entries, entries.size(), List.of());
    }
  }

  /**
   * Lines that are not the torn last one and still cannot be read: how many, and the first few,
   * each with where it is.
   */
  public record Malformed(long count, List<String> examples) {
    public static final Malformed NONE = new Malformed(0, List.of());

    /** These and {@code other}'s, whose examples are prefixed with {@code where} (an injector). */
    public Malformed plus(Malformed other, String where) {
      List<String> all = new ArrayList<>(examples);
      for (String e : other.examples()) {
        if (all.size() < MAX_DEFECTS) {
          all.add(where + ", " + e);
        }
      }
      return new Malformed(count + other.count(), List.copyOf(all));
    }

    /** Why the verdict cannot be known, in plain words. */
    public String reason() {
      return String.format(
          Locale.ROOT,
          "the ledger has %d malformed %s (not a torn last line), so what was sent and answered"
              + " is not all known: %s%s",
          count,
          count == 1 ? "line" : "lines",
          String.join("; ", examples),
          count > examples.size() ? "; ..." : "");
    }
  }

  /** How many unpaired, repeated or malformed lines a ledger names (the rest are only counted). */
  public static final int MAX_DEFECTS = 10;

  public static Ledger read(Path file) {
    Pairing pairing = new Pairing();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      StringBuilder line = new StringBuilder();
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            pairing.line(line.toString());
            line.setLength(0);
          } else {
            line.append(buffer[i]);
          }
        }
      }
      pairing.end(line.length() > 0 ? line.toString() : null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ledger " + file, e);
    }
    if (pairing.runTag == null) {
      throw new IllegalArgumentException(file + " is not a meshhook-load ledger (no header line)");
    }
    return pairing.ledger();
  }

  /** The lines read so far, paired. */
  private static final class Pairing {
    private final Map<String, LedgerEntry> byId = new LinkedHashMap<>();
    private final List<String> defects = new ArrayList<>();
    private final List<String> malformedExamples = new ArrayList<>();
    private String runTag;
    private long sentLines;
    private long malformed;
    private long number;

    /** A line that ended with its newline: the writer finished it, so it must read. */
    void line(String text) {
      number++;
      if (!read(text)) {
        malformed++;
        if (malformedExamples.size() < MAX_DEFECTS) {
          String shown = text.replace('\t', ' ').replace("\r", "");
          malformedExamples.add(
              "line "
                  + number
                  + " '"
                  + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown)
                  + "'");
        }
      }
    }

    /** What follows the last newline: a line a crash cut short, ignored if it does not read. */
    void end(String torn) {
      if (torn != null) {
        number++;
        read(torn);
      }
    }

    /** Reads one line into the pairing; false if no line the writer writes looks like it. */
    private boolean read(String text) {
      String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      if (line.startsWith(LoadLedger.HEADER)) {
        int at = line.indexOf("runTag=");
        runTag = at < 0 ? null : line.substring(at + "runTag=".length()).trim();
        return runTag != null && !runTag.isEmpty();
      }
      String[] f = line.split("\t", -1);
      try {
        if ((f.length == 5 || f.length == 6) && "S".equals(f[0]) && !f[1].isEmpty()) {
          int replica = f.length == 6 ? Integer.parseInt(f[5]) : LedgerEntry.NO_REPLICA;
          if (replica < LedgerEntry.NO_REPLICA) {
            return false;
          }
          sent(
              new LedgerEntry(
                  f[1],
                  f[2],
                  Long.parseLong(f[3]),
                  Integer.parseInt(f[4]),
                  0,
                  0,
                  null,
                  false,
                  replica));
          return true;
        }
        if ((f.length == 5 || f.length == 6 && ("R".equals(f[5]) || "-".equals(f[5])))
            && "A".equals(f[0])
            && !f[1].isEmpty()) {
          answered(
              f[1],
              Integer.parseInt(f[2]),
              Long.parseLong(f[3]),
              "-".equals(f[4]) ? null : f[4],
              f.length == 6 && "R".equals(f[5]));
          return true;
        }
      } catch (NumberFormatException e) {
        return false;
      }
      return false;
    }

    private void sent(LedgerEntry entry) {
      sentLines++;
      if (byId.putIfAbsent(entry.loadId(), entry) != null && defects.size() < MAX_DEFECTS) {
        defects.add("load id " + entry.loadId() + " sent more than once");
      }
    }

    private void answered(
        String loadId, int status, long answeredEpochMs, String runId, boolean retryAfter) {
      LedgerEntry sent = byId.get(loadId);
      if (sent == null) {
        if (defects.size() < MAX_DEFECTS) {
          defects.add("an answer to load id " + loadId + ", which was never sent");
        }
        return;
      }
      byId.put(
          loadId,
          new LedgerEntry(
              sent.loadId(),
              sent.slug(),
              sent.sentEpochMs(),
              sent.expectedStatus(),
              status,
              answeredEpochMs,
              runId,
              retryAfter,
              sent.replica()));
    }

    Ledger ledger() {
      return new Ledger(
          runTag,
          List.copyOf(byId.values()),
          sentLines,
          List.copyOf(defects),
          new Malformed(malformed, List.copyOf(malformedExamples)));
    }
  }
}
