package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.charts.ChartAssets;
import dev.meshhook.load.charts.ChartsHtml;
import dev.meshhook.load.charts.Timelines;
import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.Counts;
import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.checker.ReplayCoverage;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.evidence.GatlingLog;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.figures.WebhookLatency;
import dev.meshhook.load.html.Templates;
import dev.meshhook.load.report.JsonFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Writes {@code verification.json} (for machines) and {@code verification.html} (for people, from
 * the template {@code verification-page}) into a run's report folder, and the one-line console
 * summary; sections added later go to the {@link VerificationPage} that holds both. Nothing secret
 * is in a verdict, so nothing secret reaches these files.
 */
public final class VerificationReport {
  public static final String JSON = "verification.json";
  public static final String HTML = "verification.html";

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Context of a verification that is not part of the verdict itself. */
  public record Context(
      String simulation, String target, String ledger, Instant checkedAt, long checkMillis) {}

  /**
   * Writes both files; the timelines are drawn in the HTML with uPlot, copied into the folder's
   * {@code lib/}. Sections are added to the page returned.
   */
  public VerificationPage write(
      Path folder,
      Verdict verdict,
      HttpFigures http,
      Classification classification,
      Context context,
      Timelines timelines) {
    return write(
        folder, verdict, http, classification, null, ProbeCheck.Result.NONE, context, timelines);
  }

  /**
   * As above, with the steady phase's availability (null: not computed) and the security probes
   * (none: the profile sent none).
   */
  public VerificationPage write(
      Path folder,
      Verdict verdict,
      HttpFigures http,
      Classification classification,
      Availability availability,
      ProbeCheck.Result probes,
      Context context,
      Timelines timelines) {
    try {
      Files.createDirectories(folder);
      ObjectNode root = toJson(verdict, context);
      root.set("http", JsonFigures.http(json.createObjectNode(), http));
      if (availability != null) {
        root.set("availability", SecuritySections.availabilityJson(json, availability));
      }
      if (probes.reported()) {
        root.set("probes", SecuritySections.probesJson(json, probes));
      }
      ObjectNode c = root.putObject("classification");
      c.put("level", classification.level().name().toLowerCase(Locale.ROOT));
      ArrayNode rows = c.putArray("rows");
      for (Classification.Row r : classification.rows()) {
        ObjectNode row = rows.addObject().put("figure", r.figure());
        if (!Double.isFinite(r.value())) {
          row.putNull("value"); // not measured at this target
        } else {
          row.put("value", r.value());
        }
        row.put("unit", r.unit()).put("rule", r.rule());
        if (r.judged()) {
          row.put("threshold", r.threshold());
        } else {
          row.putNull("threshold");
        }
        row.put("level", r.level().label());
        if (r.why() != null) {
          row.put("why", r.why());
        }
      }
      ChartAssets.copyInto(folder);
      Map<String, Object> page = page(verdict, http, classification, context, timelines);
      page.put("security", security(availability, probes));
      return VerificationPage.write(folder, root, page);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the verification report into " + folder, e);
    }
  }

  /** The availability and probe sections, which SecuritySections makes; the page places them. */
  private static String security(Availability availability, ProbeCheck.Result probes) {
    return (availability == null ? "" : SecuritySections.availabilityHtml(availability))
        + (probes.reported() ? SecuritySections.probesHtml(probes) : "");
  }

  public static String summary(Verdict v) {
    if (v.counts() == null) {
      return "verification: " + v.outcome() + " - " + v.reason();
    }
    Counts c = v.counts();
    return String.format(
        Locale.ROOT,
        "verification: %s - %,d sent, %,d accepted%s = %,d completed + %,d failed + %,d stuck + %,d missing + %,d duplicated;"
            + " %,d rejected (%,d orphan), %,d unanswered%s; %,d event-log findings, %,d replay mismatches, %,d unexpected%s; end-to-end %s%s",
        v.outcome(),
        c.sent(),
        c.accepted(),
        c.unansweredRan() == 0
            ? ""
            : String.format(Locale.ROOT, " + %,d unanswered that ran", c.unansweredRan()),
        c.completed(),
        c.failed(),
        c.stuck(),
        c.missing(),
        c.duplicated(),
        c.rejected(),
        c.orphan(),
        c.unanswered(),
        c.unansweredRan() == 0
            ? ""
            : String.format(Locale.ROOT, " (%,d made a run)", c.unansweredRan()),
        c.eventLog(),
        c.replay(),
        c.unexpected(),
        c.unreadableStepEvent() == 0
            ? ""
            : String.format(Locale.ROOT, ", %,d unreadable-step-event", c.unreadableStepEvent()),
        v.endToEnd().describe(),
        v.outcome() == Outcome.PASS ? "" : " -> " + v.reason());
  }

  ObjectNode toJson(Verdict v, Context ctx) {
    ObjectNode root = json.createObjectNode();
    root.put("schema", "meshhook-load/verification/v1");
    root.put("outcome", v.outcome().name().toLowerCase(Locale.ROOT));
    root.put("reason", v.reason());
    root.put("runTag", v.runTag());
    root.put("simulation", ctx.simulation());
    root.put("target", ctx.target());
    root.put("ledger", ctx.ledger());
    root.put("checkedAt", ctx.checkedAt().toString());
    root.put("checkMillis", ctx.checkMillis());
    if (v.counts() != null) {
      root.set("counts", json.valueToTree(v.counts()));
      root.put("balanced", v.counts().balanced());
    }
    JsonFigures.latency(root.putObject("endToEndMillis"), v.endToEnd());
    root.set("replay", replayJson(v.coverage()));
    ArrayNode notJudged = root.putArray("notJudged");
    v.notJudged().forEach(notJudged::add);
    ArrayNode anomalies = root.putArray("anomalies");
    for (Map.Entry<Anomaly, Verdict.Finding> e : v.findings().entrySet()) {
      Verdict.Finding f = e.getValue();
      ObjectNode a = anomalies.addObject();
      a.put("name", e.getKey().label());
      a.put("count", f.count());
      a.put("allowed", f.allowed());
      a.put("ok", f.ok());
      ArrayNode ex = a.putArray("examples");
      f.examples().forEach(ex::add);
    }
    return root;
  }

  /** How far the dialect level reached: dialect, why, runs judged and not judged, with reasons. */
  private ObjectNode replayJson(ReplayCoverage coverage) {
    ObjectNode r = json.createObjectNode();
    r.put("summary", coverage.describe());
    if (coverage.choice() != null) {
      r.put("dialect", coverage.choice().dialect().flag());
      r.put("chosen", coverage.choice().named() ? "verify.dialect" : "auto");
      r.put("why", coverage.choice().why());
    }
    r.put("runs", coverage.runs());
    r.put("judged", coverage.judged());
    r.put("notJudged", coverage.notJudgedRuns());
    ObjectNode reasons = r.putObject("notJudgedReasons");
    coverage.notJudged().counts().forEach(reasons::put);
    r.put("unreadableStepEvents", coverage.unreadable().count());
    r.put("judgedBySequenceOnly", coverage.sequenceOnly().runs());
    r.put("httpAttempts", coverage.httpAttempts());
    r.put("retries", coverage.retries());
    return r;
  }

  /** A row of the classification table with its figures formatted; value null: not measured. */
  record FigureRow(Classification.Row row, String value, String threshold) {
    FigureRow(Classification.Row row) {
      this(
          row,
          Double.isFinite(row.value()) ? Classification.number(row.value()) : null,
          Classification.number(row.threshold()));
    }

    public boolean unknown() {
      return row.level() == Classification.Level.UNKNOWN;
    }
  }

  /** A row of the anomalies table with its count formatted. */
  record AnomalyRow(Verdict.Finding finding, String count) {}

  /** The template's variables for the page the verification writes, its sections not yet added. */
  private static Map<String, Object> page(
      Verdict v,
      HttpFigures http,
      Classification classification,
      Context ctx,
      Timelines timelines) {
    Map<String, Object> m = new HashMap<>();
    m.put(
        "color",
        switch (v.outcome()) {
          case PASS -> "#1a7f37";
          case FAIL -> "#cf222e";
          case UNKNOWN, WARN -> "#9a6700";
        });
    m.put("chartsHead", ChartsHtml.head());
    m.put("outcome", v.outcome().name());
    m.put("reason", v.reason());
    m.put("runTag", v.runTag());
    m.put("simulation", ctx.simulation());
    m.put("target", ctx.target());
    m.put("checkedAt", String.valueOf(ctx.checkedAt()));
    m.put("checkTook", String.format(Locale.ROOT, "%,d ms", ctx.checkMillis()));
    Counts c = v.counts();
    m.put(
        "counts",
        c == null
            ? null
            : LongStream.of(
                    c.sent(),
                    c.accepted(),
                    c.rejected(),
                    c.unanswered(),
                    c.completed(),
                    c.failed(),
                    c.stuck(),
                    c.missing(),
                    c.duplicated(),
                    c.orphan(),
                    c.runs())
                .mapToObj(n -> String.format(Locale.ROOT, "%,d", n))
                .toList());
    m.put("balanced", c != null && c.balanced());
    m.put(
        "levelColor",
        switch (classification.level()) {
          case PASS -> "#1a7f37";
          case WARN -> "#9a6700";
          case FAIL -> "#cf222e";
          case UNKNOWN -> "#57606a";
        });
    m.put("level", classification.level().name());
    m.put("figures", classification.rows().stream().map(FigureRow::new).toList());
    m.put("sent", String.format(Locale.ROOT, "%,d", http.sent()));
    m.put("rate", String.format(Locale.ROOT, "%.1f", http.ratePerSecond()));
    m.put("answerLatency", http.latency().describe());
    Latency l = v.endToEnd();
    m.put(
        "endToEnd",
        List.of(
            String.format(Locale.ROOT, "%,d", l.count()),
            millis(l.p50OrNaN()),
            millis(l.p95OrNaN()),
            millis(l.p99OrNaN()),
            millis(l.maxOrNaN())));
    m.put("replay", v.coverage().describe());
    m.put("notJudgedRuns", v.coverage().notJudgedRuns() > 0);
    m.put(
        "anomalies",
        v.findings().values().stream()
            .map(f -> new AnomalyRow(f, String.format(Locale.ROOT, "%,d", f.count())))
            .toList());
    m.put("charts", ChartsHtml.section(timelines));
    m.put("ledger", ctx.ledger());
    return m;
  }

  /** A latency cell: n/a over no samples (no run finished), never 0 ms. */
  private static String millis(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f ms", v) : "n/a";
  }

  /**
   * Adds the webhook latency as the ledger and Gatling measured it to the page's reports (replaced
   * when already there). Separate from {@link #write}: Gatling's figure exists only once Gatling
   * has closed its simulation.log, after the verification that wrote the reports.
   */
  public static void addWebhookLatency(VerificationPage page, WebhookLatency latency) {
    page.add(
        "webhookLatency",
        latencyJson(VerificationPage.JSON, latency),
        new VerificationPage.Section(
            "webhook latency", VerificationPage.Place.END, latencyHtml(latency)));
  }

  /**
   * Adds a section to the page this process wrote into {@code folder}: {@code key} in
   * verification.json, and the {@code html} named {@code name} at {@code place} in
   * verification.html, in place of the section's earlier copy if there is one.
   */
  static void addSection(
      Path folder,
      String key,
      Function<ObjectMapper, JsonNode> json,
      String name,
      String html,
      VerificationPage.Place place) {
    written(folder)
        .add(
            key,
            json.apply(VerificationPage.JSON),
            new VerificationPage.Section(name, place, html));
  }

  /** Sets {@code key} in the verification.json this process wrote (replaced when there). */
  static void addJson(Path folder, String key, Function<ObjectMapper, JsonNode> json) {
    written(folder).set(key, json.apply(VerificationPage.JSON));
  }

  private static VerificationPage written(Path folder) {
    return VerificationPage.writtenInto(folder)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no verification report was written into "
                        + folder
                        + " by this process: a section is added to the page it wrote"));
  }

  static ObjectNode latencyJson(ObjectMapper mapper, WebhookLatency w) {
    ObjectNode node = mapper.createObjectNode();
    ObjectNode ledger = latencyNode(node.putObject("ledger"), w.ledger());
    ledger
        .put("fromTo", WebhookLatency.LEDGER_FROM_TO)
        .put("measures", WebhookLatency.LEDGER_MEASURES);
    ObjectNode gatling = node.putObject("gatling");
    if (w.gatling().read()) {
      latencyNode(gatling, w.gatling().latency()).put("failed", w.gatling().failed());
      gatling.put("source", GatlingLog.FILE_NAME + ", Gatling " + w.gatling().version());
    } else {
      gatling.put("notRead", w.gatling().notRead());
    }
    gatling
        .put("fromTo", WebhookLatency.GATLING_FROM_TO)
        .put("measures", WebhookLatency.GATLING_MEASURES);
    ObjectNode over = node.putObject("ledgerOverGatlingPercent");
    for (String p : new String[] {"p50", "p95", "p99"}) {
      double v = w.ledgerOverGatlingPercent(percentile(p));
      if (Double.isNaN(v)) {
        over.putNull(p);
      } else {
        over.put(p, Math.round(v * 10) / 10.0);
      }
    }
    ObjectNode overMillis = node.putObject("ledgerOverGatlingMillis");
    for (String p : new String[] {"p50", "p95", "p99"}) {
      java.util.OptionalLong v = w.ledgerOverGatlingMillis(percentile(p));
      if (v.isEmpty()) {
        overMillis.putNull(p);
      } else {
        overMillis.put(p, v.getAsLong());
      }
    }
    node.put("agreeWithinPercent", WebhookLatency.AGREEMENT_PERCENT);
    node.put("agree", w.agree());
    return node;
  }

  private static ObjectNode latencyNode(ObjectNode node, Latency l) {
    return node.put("count", l.count())
        .put("p50", l.p50())
        .put("p95", l.p95())
        .put("p99", l.p99())
        .put("max", l.max());
  }

  private static java.util.function.ToLongFunction<Latency> percentile(String p) {
    return switch (p) {
      case "p50" -> Latency::p50;
      case "p95" -> Latency::p95;
      default -> Latency::p99;
    };
  }

  /** A row of the latency table, its figures formatted. */
  record LatencyRow(
      String figure,
      String count,
      String p50,
      String p95,
      String p99,
      String max,
      String measures) {
    LatencyRow(String figure, Latency l, String measures) {
      this(
          figure,
          String.format(Locale.ROOT, "%,d", l.count()),
          String.format(Locale.ROOT, "%,d ms", l.p50()),
          String.format(Locale.ROOT, "%,d ms", l.p95()),
          String.format(Locale.ROOT, "%,d ms", l.p99()),
          String.format(Locale.ROOT, "%,d ms", l.max()),
          measures);
    }
  }

  static String latencyHtml(WebhookLatency w) {
    List<LatencyRow> rows = new ArrayList<>();
    rows.add(
        new LatencyRow(
            "webhook latency (ledger: " + WebhookLatency.LEDGER_FROM_TO + ")",
            w.ledger(),
            WebhookLatency.LEDGER_MEASURES));
    Map<String, Object> m = new HashMap<>();
    m.put("rows", rows);
    m.put("read", w.gatling().read());
    if (w.gatling().read()) {
      rows.add(
          new LatencyRow(
              "Gatling response time ("
                  + GatlingLog.FILE_NAME
                  + ": "
                  + WebhookLatency.GATLING_FROM_TO
                  + ")",
              w.gatling().latency(),
              WebhookLatency.GATLING_MEASURES
                  + String.format(
                      Locale.ROOT, " %,d of them KO in Gatling's records.", w.gatling().failed())));
      m.put("gaps", Stream.of("p50", "p95", "p99").map(p -> w.gap(percentile(p))).toList());
      m.put("agree", w.agree());
      m.put("agreement", Classification.number(WebhookLatency.AGREEMENT_PERCENT));
    } else {
      m.put("notRead", w.gatling().notRead());
    }
    return Templates.render("verification-latency", m);
  }
}
