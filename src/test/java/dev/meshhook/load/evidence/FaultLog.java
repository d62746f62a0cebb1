package dev.meshhook.load.evidence;

import dev.meshhook.load.ledger.LineFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults a chaos run planned, and what became of each, in {@code faults} in the run folder:
 *
 * <pre>
 * P  kind  count                              planned, when the schedule starts
 * F  kind  startEpochMs  endEpochMs  detail   injected, when it is over
 * X  kind  startEpochMs  endEpochMs  why      not injected (it threw, was refused, had no room)
 * </pre>
 *
 * The report draws the injected ones and the recovery figures are measured from them; a planned
 * fault that was not injected leaves the chaos claim unproven, so the verdict is unknown.
 */
public final class FaultLog {
  public static final String FILE_NAME = "faults";

  public record Fault(String kind, long startEpochMs, long endEpochMs, String detail) {
    /**
     * The replica a replica-kill left dead, as its index among the target's URLs (the primary is
     * 0), from the detail {@link #replicaKilled} began; empty for any other fault.
     */
    public java.util.OptionalInt killedReplica() {
      java.util.regex.Matcher m = KILLED_REPLICA.matcher(detail);
      return kind.equals(REPLICA_KILL) && m.lookingAt()
          ? java.util.OptionalInt.of(Integer.parseInt(m.group(1)))
          : java.util.OptionalInt.empty();
    }
  }

  /** The kind of fault that kills one replica of several with -9 and leaves it dead. */
  public static final String REPLICA_KILL = "replica-kill";

  private static final java.util.regex.Pattern KILLED_REPLICA =
      java.util.regex.Pattern.compile("engine replica (\\d+) pid \\d+ killed with -9");

  /**
   * How a replica-kill's detail begins: the replica's index among the target's URLs and its pid;
   * {@link Fault#killedReplica} reads the index back.
   */
  public static String replicaKilled(int replica, long pid) {
    return "engine replica " + replica + " pid " + pid + " killed with -9";
  }

  /** What the log holds: planned counts by kind, the faults injected and those not. */
  public record Contents(Map<String, Integer> planned, List<Fault> injected, List<Fault> failed) {
    public static final Contents NONE = new Contents(Map.of(), List.of(), List.of());

    /**
     * Why the chaos claim is not proven, one reason per fault not injected (with its error) and per
     * kind with planned faults of which nothing is recorded; empty when every planned fault struck.
     */
    public List<String> notInjected() {
      List<String> why = new ArrayList<>();
      for (Fault f : failed) {
        why.add("planned fault " + f.kind() + " could not be injected: " + f.detail());
      }
      planned.forEach(
          (kind, count) -> {
            long recorded =
                injected.stream().filter(f -> f.kind().equals(kind)).count()
                    + failed.stream().filter(f -> f.kind().equals(kind)).count();
            if (recorded < count) {
              why.add(
                  (count - recorded)
                      + " of "
                      + count
                      + " planned "
                      + kind
                      + " faults left no record: the load ended before their turn, or they were"
                      + " still striking when the run was verified");
            }
          });
      return List.copyOf(why);
    }
  }

  private final Path file;

  public FaultLog(Path folder) {
    this.file = folder.resolve(FILE_NAME);
  }

  /** {@code count} faults of {@code kind} are planned. */
  public synchronized void planned(String kind, int count) {
    append("P\t" + kind + "\t" + count + "\n");
  }

  /** A fault that struck. */
  public synchronized void record(Fault f) {
    append(line("F", f));
  }

  /** A planned fault that could not be injected; its detail says why. */
  public synchronized void notInjected(Fault f) {
    append(line("X", f));
  }

  private static String line(String type, Fault f) {
    return type
        + "\t"
        + f.kind()
        + "\t"
        + f.startEpochMs()
        + "\t"
        + f.endEpochMs()
        + "\t"
        + f.detail().replace('\t', ' ').replace('\n', ' ')
        + "\n";
  }

  private void append(String line) {
    try {
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** The faults injected. */
  public static List<Fault> read(Path folder) {
    return readAll(folder).injected();
  }

  /** Everything the log holds (nothing when the run planned no fault). */
  public static Contents readAll(Path folder) {
    Map<String, Integer> planned = new LinkedHashMap<>();
    List<Fault> injected = new ArrayList<>();
    List<Fault> failed = new ArrayList<>();
    LineFile.forEachLine(
        folder.resolve(FILE_NAME),
        f -> {
          if (f.length == 3 && f[0].equals("P")) {
            planned.merge(f[1], Integer.parseInt(f[2]), Integer::sum);
          } else if (f.length == 5 && (f[0].equals("F") || f[0].equals("X"))) {
            Fault fault = new Fault(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]);
            (f[0].equals("F") ? injected : failed).add(fault);
          }
        });
    // In the order planned: the reasons then read in the schedule's order.
    return new Contents(
        java.util.Collections.unmodifiableMap(planned), List.copyOf(injected), List.copyOf(failed));
  }
}
