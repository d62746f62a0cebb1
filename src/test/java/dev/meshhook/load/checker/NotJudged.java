package dev.meshhook.load.checker;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs the dialect level did not judge, and why: each reason with the runs it kept from judging.
 * Never a mismatch: a run not judged is neither right nor wrong at that level.
 */
public record NotJudged(Map<String, Set<String>> byReason) {
  public static final NotJudged NONE = new NotJudged(Map.of());

  /** The distinct runs not judged, whatever the reason. */
  public long runs() {
    Set<String> all = new LinkedHashSet<>();
    byReason.values().forEach(all::addAll);
    return all.size();
  }

  public boolean isEmpty() {
    return byReason.isEmpty();
  }

  /** Each reason with how many runs it kept from judging. */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    byReason.forEach((reason, runs) -> counts.put(reason, runs.size()));
    return counts;
  }

  /** Both sets of reasons. */
  public NotJudged and(NotJudged other) {
    Builder both = new Builder();
    both.addAll(this);
    both.addAll(other);
    return both.build();
  }

  /** Builds one, run by run. */
  static final class Builder {
    private final Map<String, Set<String>> byReason = new LinkedHashMap<>();

    void add(String reason, String runId) {
      byReason.computeIfAbsent(reason, k -> new LinkedHashSet<>()).add(runId);
    }

    void addAll(NotJudged other) {
      other.byReason.forEach(
          (reason, runs) ->
              byReason.computeIfAbsent(reason, k -> new LinkedHashSet<>()).addAll(runs));
    }

    NotJudged build() {
      return byReason.isEmpty()
          ? NONE
          : new NotJudged(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byReason)));
    }
  }
}
