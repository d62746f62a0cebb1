package dev.meshhook.load.feeders;

import dev.meshhook.load.settings.ConfigError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The weighted workflow mix from {@code workflows.csv}: {@code tenant,workflow,weight,payload}.
 * Picks are deterministic in the sequence number (a smooth weighted round robin), so a run of N
 * requests always holds the same share of each workflow.
 */
public final class WorkflowMix {
  public record Entry(String tenant, String workflow, int weight, PayloadTemplate payload) {}

  private final List<Entry> entries;
  private final Entry[] wheel;

  WorkflowMix(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    int total = entries.stream().mapToInt(Entry::weight).sum();
    this.wheel = new Entry[total];
    // Interleave rather than block: weights 4,2 give a a b a a b, not a a a a b b.
    int[] current = new int[entries.size()];
    for (int slot = 0; slot < total; slot++) {
      int best = 0;
      for (int i = 0; i < entries.size(); i++) {
        current[i] += entries.get(i).weight();
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      wheel[slot] = entries.get(best);
    }
  }

  /** Reads and validates the CSV resource named by {@code feeder.workflows}. */
  public static WorkflowMix load(String resource) {
    String key = "feeder.workflows";
    String text;
    try (InputStream in = WorkflowMix.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigError(
            key, resource, "a CSV file on the test classpath (src/test/resources)");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int n = 1; n < lines.length; n++) {
      String line = lines[n].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split(",", -1);
      String where = resource + " line " + (n + 1);
      if (cells.length != 4) {
        throw new ConfigError(where, line, "4 columns: tenant,workflow,weight,payload");
      }
      int weight;
      try {
        weight = Integer.parseInt(cells[2].trim());
      } catch (NumberFormatException e) {
        weight = -1;
      }
      if (weight < 0) {
        throw new ConfigError(where + " weight", cells[2].trim(), "an integer >= 0");
      }
      if (weight > 0) {
        entries.add(
            new Entry(
                cells[0].trim(),
                cells[1].trim(),
                weight,
                PayloadTemplate.load(cells[3].trim(), where)));
      }
    }
    if (entries.isEmpty()) {
      throw new ConfigError(key, resource, "at least one workflow with a weight > 0");
    }
    return new WorkflowMix(entries);
  }

  /**
   * Fails when the mix names a workflow the target does not publish, before the first request, so a
   * typo is not reported as thousands of 404s.
   */
  public void requireKnown(Collection<String> publishedSlugs, String resource) {
    Set<String> unknown = new TreeSet<>();
    for (Entry e : entries) {
      if (!publishedSlugs.contains(e.workflow())) {
        unknown.add(e.workflow());
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigError(
          "feeder.workflows (" + resource + ")",
          String.join(", ", unknown),
          publishedSlugs.isEmpty()
              ? "workflows the target publishes, but the checker's role sees none in"
                  + " workflow_definitions (is the target empty, or is the role blind to it?)"
              : "workflows the target publishes: "
                  + String.join(", ", new TreeSet<>(publishedSlugs)));
    }
  }

  public Entry pick(long seq) {
    return wheel[(int) (seq % wheel.length)];
  }

  public List<Entry> entries() {
    return entries;
  }
}
