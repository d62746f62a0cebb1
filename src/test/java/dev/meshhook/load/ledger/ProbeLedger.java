package dev.meshhook.load.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Append-only record of the security profile's probes, beside the ledger: a line when a probe is
 * sent, one when it is answered, and one the first time a class cannot be probed, with why. Written
 * like the ledger (flushed per line), so a probe that created a run is known for one even when the
 * run crashed before its answer. No token, secret or signature is ever written: tenants by name.
 *
 * <pre>
 * S  class  probeId(the load id for a webhook)  caller(tenant, - when none)  sentEpochMs  [repeats]
 * A  probeId  status(0 = no answer)  answeredEpochMs  flags(R Retry-After, I Idempotent-Replayed, U answer unreadable, -)  runIds(listed, read or named, comma-separated, -)
 * N  class  reason
 * </pre>
 *
 * {@code repeats} is the load id of the valid webhook whose Idempotency-Key the probe sends again:
 * the run the probe's answer names must be that webhook's. {@code U} marks a 2xx whose body could
 * not be read for what it must hold (a list's run ids): what it returned is not known.
 */
public final class ProbeLedger implements AutoCloseable {
  public static final String FILE_NAME = "probes";

  /** One probe as sent and, when it came, answered. */
  public record Probe(
      ProbeClass probeClass,
      String id,
      String caller,
      long sentEpochMs,
      int status,
      long answeredEpochMs,
      boolean retryAfter,
      boolean replayed,
      boolean unreadable,
      String repeats,
      List<String> runIds) {
    public boolean answered() {
      return status > 0;
    }
  }

  /** A probe ledger read back: every probe, and the classes that could not be probed. */
  public record Contents(List<Probe> probes, Map<ProbeClass, String> notProbed) {
    public static final Contents NONE = new Contents(List.of(), Map.of());

    public boolean isEmpty() {
      return probes.isEmpty() && notProbed.isEmpty();
    }

    /** Every probe's id: for a webhook probe, the load id a run it made would carry. */
    public java.util.Set<String> probeIds() {
      return probes.stream().map(Probe::id).collect(java.util.stream.Collectors.toSet());
    }

    /** The load ids of the webhooks whose Idempotency-Key a probe sent again. */
    public java.util.Set<String> repeatedIds() {
      return probes.stream()
          .map(Probe::repeats)
          .filter(java.util.Objects::nonNull)
          .collect(java.util.stream.Collectors.toSet());
    }

    /** Every run id a read or list probe got back, to look up whose it is. */
    public java.util.Set<String> runIds() {
      return probes.stream()
          .flatMap(p -> p.runIds().stream())
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  private final LineFile out;
  private final java.util.concurrent.atomic.AtomicLong sent =
      new java.util.concurrent.atomic.AtomicLong();
  private final Map<ProbeClass, String> notProbed = new EnumMap<>(ProbeClass.class);

  private ProbeLedger(LineFile out) {
    this.out = out;
  }

  /** An answer after the load ended comes too late to count, like a late live-log event. */
  public static ProbeLedger create(Path folder) {
    return new ProbeLedger(LineFile.create(folder.resolve(FILE_NAME), true, true));
  }

  public void sent(ProbeClass probeClass, String id, String caller, long sentEpochMs) {
    sent(probeClass, id, caller, sentEpochMs, null);
  }

  /**
   * @param repeats the load id of the webhook whose Idempotency-Key this probe repeats (null: none)
   */
  public void sent(
      ProbeClass probeClass, String id, String caller, long sentEpochMs, String repeats) {
    sent.incrementAndGet();
    line(
        "S\t"
            + probeClass.flag()
            + "\t"
            + id
            + "\t"
            + (caller == null ? "-" : caller)
            + "\t"
            + sentEpochMs
            + (repeats == null ? "" : "\t" + repeats));
  }

  public void answered(
      String id,
      int status,
      long answeredEpochMs,
      boolean retryAfter,
      boolean replayed,
      boolean unreadable,
      List<String> runIds) {
    String flags = (retryAfter ? "R" : "") + (replayed ? "I" : "") + (unreadable ? "U" : "");
    line(
        "A\t"
            + id
            + "\t"
            + status
            + "\t"
            + answeredEpochMs
            + "\t"
            + (flags.isEmpty() ? "-" : flags)
            + "\t"
            + (runIds.isEmpty() ? "-" : String.join(",", runIds)));
  }

  /** Says once per class why it cannot be probed here; later calls for the class are ignored. */
  public void notProbed(ProbeClass probeClass, String reason) {
    synchronized (notProbed) {
      if (notProbed.putIfAbsent(probeClass, reason) != null) {
        return;
      }
    }
    line("N\t" + probeClass.flag() + "\t" + reason.replace('\t', ' ').replace('\n', ' '));
  }

  /** Probes recorded as sent so far. */
  public long probesSent() {
    return sent.get();
  }

  private void line(String line) {
    out.line(line);
  }

  @Override
  public void close() {
    out.close();
  }

  /** Reads a run folder's probes back; empty when the profile sent none. Torn lines are skipped. */
  public static Contents read(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Contents.NONE;
    }
    Map<String, String[]> sent = new LinkedHashMap<>();
    Map<String, String[]> answers = new HashMap<>();
    Map<ProbeClass, String> notProbed = new EnumMap<>(ProbeClass.class);
    LineFile.forEachLine(
        file,
        f -> {
          if (f[0].equals("S")
              && (f.length == 5 || f.length == 6)
              && ProbeClass.ofFlag(f[1]).isPresent()) {
            sent.put(f[2], f);
          } else if (f[0].equals("A") && f.length == 6) {
            answers.put(f[1], f);
          } else if (f[0].equals("N") && f.length == 3) {
            ProbeClass.ofFlag(f[1]).ifPresent(c -> notProbed.put(c, f[2]));
          }
        });
    List<Probe> probes = new ArrayList<>(sent.size());
    for (String[] s : sent.values()) {
      try {
        probes.add(probe(s, answers.get(s[2])));
      } catch (NumberFormatException e) {
        // torn by a crash: the rest still counts
      }
    }
    return new Contents(List.copyOf(probes), Map.copyOf(notProbed));
  }

  private static Probe probe(String[] s, String[] a) {
    ProbeClass probeClass = ProbeClass.ofFlag(s[1]).orElseThrow();
    String caller = s[3].equals("-") ? null : s[3];
    long sentAt = Long.parseLong(s[4]);
    String repeats = s.length == 6 ? s[5] : null;
    if (a == null) {
      return new Probe(
          probeClass, s[2], caller, sentAt, 0, 0, false, false, false, repeats, List.of());
    }
    List<String> runIds = a[5].equals("-") ? List.of() : Arrays.asList(a[5].split(","));
    return new Probe(
        probeClass,
        s[2],
        caller,
        sentAt,
        Integer.parseInt(a[2]),
        Long.parseLong(a[3]),
        a[4].contains("R"),
        a[4].contains("I"),
        a[4].contains("U"),
        repeats,
        List.copyOf(runIds));
  }
}
