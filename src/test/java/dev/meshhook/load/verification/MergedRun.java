package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.evidence.OperationLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.ledger.InjectorMark;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.ledger.ProbeClass;
import dev.meshhook.load.ledger.ProbeLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run folders of every injector of one shared run ({@code <reports>/<runTag>/injector-<i>/}),
 * read into one ledger, one probe ledger and one operation log for a single verification, with what
 * each injector sent and whether it finished. The union is of requests, never of figures: every
 * percentile is then computed over all of them at once.
 */
public final class MergedRun {
  private static final Pattern INJECTOR = Pattern.compile("injector-(\\d+)");

  /** How an injector's part of the run came out. */
  public enum State {
    /** It sent its share and marked its folder finished. */
    FINISHED,
    /** It left a ledger but no finish mark: it died (or was killed) while sending. */
    DIED,
    /** No ledger at all: it never started, or its folder is not where it should be. */
    ABSENT;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One injector: its state, its run folder (null when absent), what its ledger holds, and the path
   * of its Gatling report relative to the merged folder (null when it wrote none).
   */
  public record Injector(
      int index,
      State state,
      Path folder,
      long sent,
      long accepted,
      long unanswered,
      String gatlingReport,
      String why) {}

  private final Path dir;
  private final String runTag;
  private final List<Injector> injectors;
  private final LedgerReader.Ledger ledger;
  private final ProbeLedger.Contents probes;
  private final OperationLog.Contents operations;
  private final List<ResourceSampler.Sample> resources;
  private final JsonNode runInfo;
  private final List<String> incomplete;

  private MergedRun(
      Path dir,
      String runTag,
      List<Injector> injectors,
      LedgerReader.Ledger ledger,
      ProbeLedger.Contents probes,
      OperationLog.Contents operations,
      List<ResourceSampler.Sample> resources,
      JsonNode runInfo,
      List<String> incomplete) {
    this.dir = dir;
    this.runTag = runTag;
    this.injectors = injectors;
    this.ledger = ledger;
    this.probes = probes;
    this.operations = operations;
    this.resources = resources;
    this.runInfo = runInfo;
    this.incomplete = incomplete;
  }

  /**
   * Reads {@code dir}, named by its run tag. {@code expected} is the injector count the caller
   * knows of (1: none known); the count is the largest of it, what the injectors' run.json files
   * say, and the highest index found, so that an injector that left nothing is still named.
   *
   * @throws IllegalArgumentException when {@code dir} holds no injector's run at all
   */
  public static MergedRun read(Path dir, int expected) {
    String runTag = dir.getFileName().toString();
    Map<Integer, List<Path>> runsByIndex = runFolders(dir);
    if (runsByIndex.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException(
          dir
              + " holds no injector's run (injector-<index>/<simulation>-<stamp>/ledger); pass"
              + " the folder of one shared run tag, reports/<runTag>");
    }
    List<String> incomplete = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    JsonNode runInfo = null;
    int count =
        Math.max(expected, runsByIndex.keySet().stream().mapToInt(i -> i + 1).max().orElse(0));
    for (List<Path> runs : runsByIndex.values()) {
      for (Path run : runs) {
        JsonNode info = readJson(json, run.resolve("run.json"));
        if (info == null) {
          continue;
        }
        runInfo = runInfo == null ? info : runInfo;
        count = Math.max(count, info.path("injectors").path("count").asInt(1));
        String tag = info.path("runTag").asText();
        if (!tag.equals(runTag)) {
          incomplete.add(run + " belongs to run tag " + tag + ", not " + runTag);
        }
      }
    }
    Map<String, LedgerEntry> byId = new LinkedHashMap<>();
    long sentLines = 0;
    List<String> defects = new ArrayList<>();
    LedgerReader.Malformed malformed = LedgerReader.Malformed.NONE;
    List<ProbeLedger.Probe> probes = new ArrayList<>();
    Map<ProbeClass, String> notProbed = new LinkedHashMap<>();
    List<OperationLog.Operation> operations = new ArrayList<>();
    List<OperationLog.StreamEvent> events = new ArrayList<>();
    List<ResourceSampler.Sample> resources = List.of();
    List<Injector> injectors = new ArrayList<>();
    for (int index = 0; index < count; index++) {
      List<Path> runs = runsByIndex.getOrDefault(index, List.of());
      if (runs.isEmpty()) {
        String why =
            "injector "
                + index
                + " left no ledger in "
                + dir.resolve(Injectors.folderName(index))
                + ": its share of the load is not in this verdict";
        injectors.add(new Injector(index, State.ABSENT, null, 0, 0, 0, null, why));
        incomplete.add(why);
        continue;
      }
      if (runs.size() > 1) {
        incomplete.add(
            "injector "
                + index
                + " has "
                + runs.size()
                + " run folders under run tag "
                + runTag
                + ": its index was run more than once");
      }
      for (Path run : runs) {
        LedgerReader.Ledger part = LedgerReader.read(run.resolve(LoadLedger.FILE_NAME));
        sentLines += part.sentLines();
        defects.addAll(part.defects());
        malformed = malformed.plus(part.malformed(), "injector " + index);
        for (LedgerEntry e : part.entries()) {
          if (byId.putIfAbsent(e.loadId(), e) != null
              && defects.size() < LedgerReader.MAX_DEFECTS) {
            defects.add("load id " + e.loadId() + " is in more than one injector's ledger");
          }
        }
        ProbeLedger.Contents p = ProbeLedger.read(run);
        probes.addAll(p.probes());
        p.notProbed().forEach(notProbed::putIfAbsent);
        OperationLog.Contents o = OperationLog.read(run);
        operations.addAll(o.operations());
        // Streams are numbered per injector: renumbered so that no two injectors' streams meet.
        for (OperationLog.StreamEvent ev : o.events()) {
          events.add(
              new OperationLog.StreamEvent(
                  ev.stream() * count + index,
                  ev.runId(),
                  ev.eventId(),
                  ev.type(),
                  ev.eventEpochMs(),
                  ev.receivedEpochMs(),
                  ev.connectedEpochMs()));
        }
        if (resources.isEmpty()) {
          // Every injector sampled the same target: one injector's samples stand for all.
          resources = ResourceSampler.read(run);
        }
        Optional<InjectorMark> mark = InjectorMark.readFrom(run);
        State state = mark.isPresent() ? State.FINISHED : State.DIED;
        String why = null;
        if (state == State.DIED) {
          long lastSent =
              part.entries().stream().mapToLong(LedgerEntry::sentEpochMs).max().orElse(0);
          why =
              "injector "
                  + index
                  + " died while sending: its ledger ("
                  + run
                  + ") has no finish mark and ends at "
                  + java.time.Instant.ofEpochMilli(lastSent)
                  + ", so only part of its share was sent (or it is still sending: merge once"
                  + " every injector is done)";
          incomplete.add(why);
        }
        Path gatling = run.resolve("index.html");
        injectors.add(
            new Injector(
                index,
                state,
                run,
                part.entries().size(),
                part.entries().stream().filter(LedgerEntry::accepted).count(),
                part.entries().stream().filter(e -> !e.answered()).count(),
                Files.isRegularFile(gatling) ? dir.relativize(gatling).toString() : null,
                why));
      }
    }
    List<LedgerEntry> entries = new ArrayList<>(byId.values());
    entries.sort(Comparator.comparingLong(LedgerEntry::sentEpochMs));
    return new MergedRun(
        dir,
        runTag,
        List.copyOf(injectors),
        new LedgerReader.Ledger(
            runTag, List.copyOf(entries), sentLines, List.copyOf(defects), malformed),
        new ProbeLedger.Contents(List.copyOf(probes), Map.copyOf(notProbed)),
        new OperationLog.Contents(List.copyOf(operations), List.copyOf(events)),
        resources,
        runInfo,
        List.copyOf(incomplete));
  }

  /** The run folders found per injector index: those holding a ledger. */
  private static Map<Integer, List<Path>> runFolders(Path dir) {
    Map<Integer, List<Path>> found = new java.util.TreeMap<>();
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is no folder");
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.sorted().toList()) {
        Matcher m = INJECTOR.matcher(child.getFileName().toString());
        if (!m.matches() || !Files.isDirectory(child)) {
          continue;
        }
        try (Stream<Path> runs = Files.list(child)) {
          found.put(
              Integer.parseInt(m.group(1)),
              runs.filter(r -> Files.isRegularFile(r.resolve(LoadLedger.FILE_NAME)))
                  .sorted()
                  .toList());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return found;
  }

  private static JsonNode readJson(ObjectMapper json, Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return json.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public String runTag() {
    return runTag;
  }

  public List<Injector> injectors() {
    return injectors;
  }

  /** Every injector's requests, one entry per load id, ordered by when each was sent. */
  public LedgerReader.Ledger ledger() {
    return ledger;
  }

  public ProbeLedger.Contents probes() {
    return probes;
  }

  public OperationLog.Contents operations() {
    return operations;
  }

  public List<ResourceSampler.Sample> resources() {
    return resources;
  }

  /** The first injector's run.json: the profile, its thresholds, the target (null: none found). */
  public JsonNode runInfo() {
    return runInfo;
  }

  /** Why this is not the whole run: each reason makes the verdict unknown. */
  public List<String> incomplete() {
    return incomplete;
  }
}
