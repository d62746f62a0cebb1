package dev.meshhook.load.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshhook.load.checker.Counts;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.figures.HttpFigures;
import java.util.List;

/**
 * The few figures of a run that are compared across runs: what the index lists, charts, and the
 * regression check holds against a baseline. Lost is an accepted webhook without a run ({@code
 * missing}); duplicated is one with more than one.
 */
public record LoadFigures(
    double throughputPerSecond,
    double httpP95Ms,
    double httpP99Ms,
    double endToEndP99Ms,
    long lost,
    long duplicated,
    double availabilityPercent) {

  /** Without availability (NaN: not measured), as runs before it was measured were. */
  public LoadFigures(
      double throughputPerSecond,
      double httpP95Ms,
      double httpP99Ms,
      double endToEndP99Ms,
      long lost,
      long duplicated) {
    this(throughputPerSecond, httpP95Ms, httpP99Ms, endToEndP99Ms, lost, duplicated, Double.NaN);
  }

  /** The field names, as history.jsonl, results.json and a pinned baseline file spell them. */
  public static final List<String> COMPARED =
      List.of("throughputPerSecond", "httpP95Ms", "httpP99Ms", "endToEndP99Ms");

  /**
   * Throughput is accepted webhooks per second of sending (the open model fixes what is sent, so a
   * target that sheds or loses answers shows here); latencies are the ledger's, as classified. A
   * figure with nothing to measure (no counts, no answer, no finished run) is NaN, never 0.
   */
  public static LoadFigures of(Verdict verdict, HttpFigures http) {
    return of(verdict, http, Double.NaN);
  }

  /** As {@link #of(Verdict, HttpFigures)}, with the steady phase's availability in %. */
  public static LoadFigures of(Verdict verdict, HttpFigures http, double availabilityPercent) {
    Counts c = verdict.counts();
    double acceptedShare =
        c == null || c.sent() == 0 ? Double.NaN : (double) c.accepted() / c.sent();
    return new LoadFigures(
        http.ratePerSecond() * acceptedShare,
        http.latency().p95OrNaN(),
        http.latency().p99OrNaN(),
        verdict.endToEnd().p99OrNaN(),
        c == null ? 0 : c.missing(),
        c == null ? 0 : c.duplicated(),
        availabilityPercent);
  }

  /** One compared figure by its field name. */
  public double value(String name) {
    return switch (name) {
      case "throughputPerSecond" -> throughputPerSecond;
      case "httpP95Ms" -> httpP95Ms;
      case "httpP99Ms" -> httpP99Ms;
      case "endToEndP99Ms" -> endToEndP99Ms;
      default -> throw new IllegalArgumentException("not a compared figure: " + name);
    };
  }

  /**
   * Reads the compared figures from a JSON object (a pinned baseline file, or results.json whose
   * {@code figures} object holds them); lost and duplicated are not compared, so they may be
   * absent. Throws IllegalArgumentException naming the first figure that is missing or not a
   * number.
   */
  public static LoadFigures fromJson(JsonNode node) {
    JsonNode figures = node.has("figures") ? node.path("figures") : node;
    for (String name : COMPARED) {
      if (!figures.path(name).isNumber()) {
        throw new IllegalArgumentException("'" + name + "' is missing or not a number");
      }
    }
    return new LoadFigures(
        figures.path("throughputPerSecond").asDouble(),
        figures.path("httpP95Ms").asDouble(),
        figures.path("httpP99Ms").asDouble(),
        figures.path("endToEndP99Ms").asDouble(),
        figures.path("lost").asLong(),
        figures.path("duplicated").asLong(),
        figures.path("availabilityPercent").isNumber()
            ? figures.path("availabilityPercent").asDouble()
            : Double.NaN);
  }
}
