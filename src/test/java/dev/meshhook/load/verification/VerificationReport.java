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
import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.checker.ReplayCoverage;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.evidence.GatlingLog;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.figures.WebhookLatency;
import dev.meshhook.load.report.JsonFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code verification.json} (for machines) and {@code verification.html} (for people) into a
 * run's report folder, and the one-line console summary. Nothing secret is in a verdict, so nothing
 * secret reaches these files.
 */
public final class VerificationReport {
  public static final String JSON = "verification.json";
  public static final String HTML = "verification.html";
  private static final String END_TO_END_HEADING =
      "<h2>End-to-end latency (webhook sent &rarr; run finished)</h2>";

  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Context of a verification that is not part of the verdict itself. */
  public record Context(
      String simulation, String target, String ledger, Instant checkedAt, long checkMillis) {}

  /**
   * Writes both files; the timelines are drawn in the HTML with uPlot, copied into the folder's
   * {@code lib/}.
   */
  public Path write(
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
  public Path write(
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
      Files.writeString(
          folder.resolve(JSON), json.writeValueAsString(root), StandardCharsets.UTF_8);
      Path html = folder.resolve(HTML);
      ChartAssets.copyInto(folder);
      String page = html(verdict, http, classification, context, timelines);
      StringBuilder sections = new StringBuilder();
      if (availability != null) {
        SecuritySections.availabilityHtml(sections, availability);
      }
      if (probes.reported()) {
        SecuritySections.probesHtml(sections, probes);
      }
      // After the classification, before the end-to-end latency: what a reader looks for next.
      page = page.replace(END_TO_END_HEADING, sections + END_TO_END_HEADING);
      Files.writeString(html, page, StandardCharsets.UTF_8);
      return html;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the verification report into " + folder, e);
    }
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
        v.outcome() == Verdict.Outcome.PASS ? "" : " -> " + v.reason());
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

  private static void replayHtml(StringBuilder b, ReplayCoverage coverage) {
    b.append("<h2>Replay coverage</h2><p>").append(esc(coverage.describe())).append("</p>");
    if (coverage.notJudgedRuns() > 0) {
      b.append(
          "<p>Runs not judged are neither mismatches nor passes: the contract level (ledger, event"
              + " order, one terminal event, status, tenant) judged them all.</p>");
    }
  }

  String html(
      Verdict v,
      HttpFigures http,
      Classification classification,
      Context ctx,
      Timelines timelines) {
    StringBuilder b = new StringBuilder(8192);
    String color =
        switch (v.outcome()) {
          case PASS -> "#1a7f37";
          case FAIL -> "#cf222e";
          case UNKNOWN -> "#9a6700";
        };
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Verification ")
        .append(esc(v.runTag()))
        .append("</title><style>")
        .append(
            "body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1f2328}")
        .append(
            "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .7rem;text-align:right}")
        .append(
            "th{background:#f6f8fa}td.l,th.l{text-align:left}.bad{color:#cf222e;font-weight:600}.ok{color:#1a7f37}")
        .append(
            "code{font-size:12px}.badge{color:#fff;padding:.2rem .6rem;border-radius:4px;background:")
        .append(color)
        .append("}")
        .append("</style>")
        .append(ChartsHtml.head())
        .append("</head><body>");
    b.append("<h1>Verification <span class=\"badge\">").append(v.outcome()).append("</span></h1>");
    b.append("<p>").append(esc(v.reason())).append("</p>");
    b.append("<table><tr><th class=l>simulation</th><td class=l>")
        .append(esc(ctx.simulation()))
        .append("</td></tr><tr><th class=l>run tag</th><td class=l><code>")
        .append(esc(v.runTag()))
        .append("</code></td></tr><tr><th class=l>target</th><td class=l>")
        .append(esc(ctx.target()))
        .append("</td></tr><tr><th class=l>checked at</th><td class=l>")
        .append(ctx.checkedAt())
        .append("</td></tr><tr><th class=l>check took</th><td class=l>")
        .append(String.format(Locale.ROOT, "%,d ms", ctx.checkMillis()))
        .append(
            "</td></tr><tr><th class=l>Gatling report</th><td class=l><a href=\"index.html\">index.html</a></td></tr></table>");
    Counts c = v.counts();
    if (c != null) {
      b.append("<h2>Every request accounted for</h2><table><tr>");
      for (String h :
          new String[] {
            "sent",
            "accepted",
            "rejected",
            "unanswered",
            "completed",
            "failed",
            "stuck",
            "missing",
            "duplicated",
            "orphan",
            "runs"
          }) {
        b.append("<th>").append(h).append("</th>");
      }
      b.append("</tr><tr>");
      for (long n :
          new long[] {
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
            c.runs()
          }) {
        b.append(String.format(Locale.ROOT, "<td>%,d</td>", n));
      }
      b.append(
              "</tr></table><p>sent = accepted + rejected + unanswered; accepted + unanswered that made a run = completed + failed + stuck + missing + duplicated: ")
          .append(
              c.balanced()
                  ? "<span class=ok>balanced</span>"
                  : "<span class=bad>does not balance - the harness, not the engine, is at fault</span>")
          .append("</p>");
    }
    b.append("<h2>Classification <span class=\"badge\" style=\"background:")
        .append(
            switch (classification.level()) {
              case PASS, INFO -> "#1a7f37";
              case WARN -> "#9a6700";
              case FAIL -> "#cf222e";
              case UNKNOWN -> "#57606a";
            })
        .append("\">")
        .append(classification.level())
        .append("</span></h2>")
        .append(
            "<table><tr><th class=l>figure</th><th>value</th><th>threshold</th><th class=l>class</th></tr>");
    for (Classification.Row r : classification.rows()) {
      b.append("<tr><td class=l>")
          .append(esc(r.figure()))
          .append("</td><td>")
          .append(
              Double.isFinite(r.value())
                  ? Classification.number(r.value()) + ' ' + esc(r.unit())
                  : "n/a")
          .append("</td><td>")
          .append(
              r.judged()
                  ? esc(r.rule()) + ' ' + Classification.number(r.threshold()) + ' ' + esc(r.unit())
                  : "")
          .append(
              r.level() == Classification.Level.UNKNOWN
                  ? "</td><td class=\"l bad\">"
                  : "</td><td class=l>")
          .append(r.level().label())
          .append(r.why() == null ? "" : ": " + esc(r.why()))
          .append("</td></tr>");
    }
    b.append(
        String.format(
            Locale.ROOT,
            "</table><p>%,d webhooks at %.1f/s; answer latency %s.</p>",
            http.sent(),
            http.ratePerSecond(),
            http.latency().describe()));
    Latency l = v.endToEnd();
    b.append(END_TO_END_HEADING)
        .append("<table><tr><th>runs</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>")
        .append(
            String.format(
                Locale.ROOT,
                "<tr><td>%,d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr></table>",
                l.count(),
                millis(l.p50OrNaN()),
                millis(l.p95OrNaN()),
                millis(l.p99OrNaN()),
                millis(l.maxOrNaN())));
    replayHtml(b, v.coverage());
    b.append(
        "<h2>Anomalies</h2><table><tr><th class=l>class</th><th>count</th><th>allowed</th><th class=l>examples (load id)</th></tr>");
    for (Verdict.Finding f : v.findings().values()) {
      b.append("<tr><td class=l>")
          .append(f.anomaly().label())
          .append("</td><td class=\"")
          .append(f.ok() ? "ok" : "bad")
          .append("\">")
          .append(String.format(Locale.ROOT, "%,d", f.count()))
          .append("</td><td>")
          .append(f.allowed())
          .append("</td><td class=l>");
      f.examples().forEach(e -> b.append("<code>").append(esc(e)).append("</code><br>"));
      b.append("</td></tr>");
    }
    b.append("</table>")
        .append(ChartsHtml.section(timelines))
        .append("<p>Ledger: <code>")
        .append(esc(ctx.ledger()))
        .append("</code></p></body></html>\n");
    return b.toString();
  }

  /** A latency cell: n/a over no samples (no run finished), never 0 ms. */
  private static String millis(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f ms", v) : "n/a";
  }

  /**
   * Adds the webhook latency as the ledger and Gatling measured it to the folder's reports
   * (replaced when already there). Separate from {@link #write}: Gatling's figure exists only once
   * Gatling has closed its simulation.log, after the verification that wrote the reports.
   */
  public static void addWebhookLatency(Path folder, WebhookLatency latency) {
    addSection(
        folder,
        "webhookLatency",
        mapper -> latencyJson(mapper, latency),
        "webhook latency",
        latencyHtml(latency),
        "</body>");
  }

  /**
   * Adds a section to reports already written: {@code key} in verification.json, and in
   * verification.html the {@code html} between {@code <!-- name -->} markers, in place of the
   * section's earlier copy, or else before the first {@code before} in the page (its end when there
   * is none).
   */
  static void addSection(
      Path folder,
      String key,
      java.util.function.Function<ObjectMapper, JsonNode> json,
      String name,
      String html,
      String before) {
    addJson(folder, key, json);
    Path htmlFile = folder.resolve(HTML);
    try {
      String page = Files.readString(htmlFile, StandardCharsets.UTF_8);
      String startMark = "<!-- " + name + " -->";
      String endMark = "<!-- /" + name + " -->";
      String section = startMark + html + endMark;
      int start = page.indexOf(startMark);
      int end = page.indexOf(endMark);
      int at = page.indexOf(before);
      page =
          start >= 0 && end > start
              ? page.substring(0, start) + section + page.substring(end + endMark.length())
              : at >= 0
                  ? page.substring(0, at) + section + page.substring(at)
                  : page.replace("</body>", section + "</body>");
      Files.writeString(htmlFile, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add the " + name + " to the reports in " + folder, e);
    }
  }

  /** Sets {@code key} in a verification.json already written (replaced when already there). */
  static void addJson(
      Path folder, String key, java.util.function.Function<ObjectMapper, JsonNode> json) {
    Path jsonFile = folder.resolve(JSON);
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = (ObjectNode) mapper.readTree(jsonFile.toFile());
      root.set(key, json.apply(mapper));
      Files.writeString(jsonFile, mapper.writeValueAsString(root), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add " + key + " to " + jsonFile, e);
    }
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

  static String latencyHtml(WebhookLatency w) {
    StringBuilder b = new StringBuilder(2048);
    b.append("<h2>Webhook latency, measured twice</h2>")
        .append(
            "<table><tr><th class=l>figure</th><th>webhooks</th><th>p50</th><th>p95</th><th>p99</th><th>max</th><th class=l>what it measures</th></tr>");
    latencyRow(
        b,
        "webhook latency (ledger: " + WebhookLatency.LEDGER_FROM_TO + ")",
        w.ledger(),
        WebhookLatency.LEDGER_MEASURES);
    if (w.gatling().read()) {
      latencyRow(
          b,
          "Gatling response time ("
              + GatlingLog.FILE_NAME
              + ": "
              + WebhookLatency.GATLING_FROM_TO
              + ")",
          w.gatling().latency(),
          WebhookLatency.GATLING_MEASURES
              + String.format(
                  Locale.ROOT, " %,d of them KO in Gatling's records.", w.gatling().failed()));
      b.append("<tr><td class=l>ledger over Gatling</td><td></td>");
      for (String p : new String[] {"p50", "p95", "p99"}) {
        b.append("<td style=\"white-space:nowrap\">").append(w.gap(percentile(p))).append("</td>");
      }
      b.append("<td></td><td class=l>")
          // Not judged: a disagreement is shown in the warning colour, not as a failure.
          .append(
              w.agree()
                  ? "<span class=ok>agree</span>"
                  : "<span style=\"color:#9a6700;font-weight:600\">do not agree</span>")
          .append(" within ")
          .append(Classification.number(WebhookLatency.AGREEMENT_PERCENT))
          .append(" % at p95 and p99 (shown, not judged)</td></tr>");
    } else {
      b.append("<tr><td class=l>Gatling response time</td><td colspan=5>not read</td><td class=l>")
          .append(esc(w.gatling().notRead()))
          .append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  private static void latencyRow(StringBuilder b, String figure, Latency l, String measures) {
    b.append("<tr><td class=l>")
        .append(esc(figure))
        .append(
            String.format(
                Locale.ROOT,
                "</td><td>%,d</td><td style=\"white-space:nowrap\">%,d ms</td><td style=\"white-space:nowrap\">%,d ms</td>"
                    + "<td style=\"white-space:nowrap\">%,d ms</td><td style=\"white-space:nowrap\">%,d ms</td><td class=l>",
                l.count(),
                l.p50(),
                l.p95(),
                l.p99(),
                l.max()))
        .append(esc(measures))
        .append("</td></tr>");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
