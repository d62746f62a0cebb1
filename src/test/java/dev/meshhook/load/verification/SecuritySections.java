package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.html.Templates;
import dev.meshhook.load.ledger.ProbeClass;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verification report's availability and security-probe sections, in JSON and HTML: a table per
 * probe class, and the seconds that broke availability. No token, secret or signature is among what
 * they are built from.
 */
final class SecuritySections {
  private SecuritySections() {}

  static ObjectNode availabilityJson(ObjectMapper json, Availability a) {
    ObjectNode node = json.createObjectNode();
    putFigure(node, "percent", a.percent());
    if (a.rule().judged()) {
      node.put("targetPercent", a.rule().targetPercent());
      putFigure(node, "errorBudgetUsedPercent", a.budgetUsedPercent());
    } else {
      node.putNull("targetPercent"); // reported, not judged
      node.putNull("errorBudgetUsedPercent");
    }
    putFigure(node, "requestSuccessPercent", a.successPercent());
    node.put("steadySeconds", a.seconds());
    node.put("goodSeconds", a.goodSeconds());
    node.put("steadyFromSecond", a.rule().rampUp().toSeconds());
    node.put("p99LimitMs", a.rule().p99Ms());
    node.put("brokenSecondCount", a.broken().size());
    node.put("toDeadReplicas", a.toDeadReplicas());
    ArrayNode broken = node.putArray("brokenSeconds");
    a.broken().stream()
        .limit(Availability.LISTED)
        .forEach(
            s ->
                broken
                    .addObject()
                    .put("second", s.second())
                    .put("sent", s.sent())
                    .put("serverErrors", s.serverErrors())
                    .put("unanswered", s.unanswered())
                    .put("p99Ms", s.p99Ms())
                    .put("why", s.why(a.rule().p99Ms())));
    return node;
  }

  static ObjectNode probesJson(ObjectMapper json, ProbeCheck.Result probes) {
    ObjectNode node = json.createObjectNode();
    node.put("outcome", probes.outcome().name().toLowerCase(Locale.ROOT));
    if (probes.unknown().isPresent()) {
      node.put("unknownReason", probes.unknown().get());
    } else {
      node.putNull("unknownReason");
    }
    node.put("runsCreated", probes.runsCreated());
    node.put("leaks", probes.leaks());
    ArrayNode classes = node.putArray("classes");
    for (ProbeCheck.Row r : probes.rows()) {
      ObjectNode c = classes.addObject();
      c.put("class", r.probeClass().flag());
      c.put("kind", r.probeClass().kind().name().toLowerCase(Locale.ROOT));
      c.put("sends", r.probeClass().sends());
      c.put("state", r.state().label());
      c.put("expectedAnswers", r.probeClass().expectedAnswers());
      c.put("sent", r.sent());
      ObjectNode answers = c.putObject("answers");
      r.answers().forEach((status, n) -> answers.put(status == 0 ? "none" : status.toString(), n));
      c.put("unexpectedAnswers", r.unexpectedAnswers());
      c.put("runsCreated", r.runsCreated());
      c.put("runsLost", r.runsLost());
      c.put("leaks", r.leaks());
      c.put("leakedRuns", r.leakedRuns());
      c.put("unverifiableRunIds", r.unverifiable());
      c.put("firstRunNamed", r.firstRunNamed());
      c.put("otherRunNamed", r.otherRunNamed());
      c.put("unjudgedProbes", r.unjudged());
      if (r.notProbed() != null) {
        c.put("notProbed", r.notProbed());
      } else {
        c.putNull("notProbed");
      }
      ArrayNode examples = c.putArray("examples");
      r.examples().forEach(examples::add);
    }
    return node;
  }

  /** The summary, the SLO a second is held to, and the first seconds that broke it. */
  static String availabilityHtml(Availability a) {
    int limit = a.rule().p99Ms();
    Map<String, Object> model = new HashMap<>();
    model.put("summary", a.summary());
    model.put("p99Limit", String.format(Locale.ROOT, "%,d ms", limit));
    model.put(
        "broken",
        a.broken().stream()
            .limit(Availability.LISTED)
            .map(
                s ->
                    new BrokenRow(
                        "t+" + s.second() + " s",
                        String.format(Locale.ROOT, "%,d", s.sent()),
                        String.format(Locale.ROOT, "%,d", s.serverErrors()),
                        String.format(Locale.ROOT, "%,d", s.unanswered()),
                        String.format(Locale.ROOT, "%,d ms", s.p99Ms()),
                        s.why(limit)))
            .toList());
    boolean cut = a.broken().size() > Availability.LISTED;
    model.put("listed", cut ? Integer.toString(Availability.LISTED) : null);
    model.put("count", Integer.toString(a.broken().size()));
    return Templates.render("security-availability", model);
  }

  /** A broken second's table row, its figures formatted. */
  private record BrokenRow(
      String second, String sent, String serverErrors, String unanswered, String p99, String why) {}

  /** The outcome, why it is unknown if it is, and a row per probe class. */
  static String probesHtml(ProbeCheck.Result probes) {
    String colour =
        switch (probes.outcome()) {
          case FAIL -> "#cf222e";
          case UNKNOWN, WARN -> "#9a6700";
          case PASS -> "#1a7f37";
        };
    Map<String, Object> model = new HashMap<>();
    model.put("colour", colour);
    model.put("outcome", probes.outcome().name());
    model.put("unknown", probes.unknown().orElse(null));
    model.put("rows", probes.rows().stream().map(SecuritySections::probeRow).toList());
    return Templates.render("security-probes", model);
  }

  /**
   * A probe class's row: a webhook class can create runs and leak nothing, a read or list the other
   * way round, so the cell that cannot apply is empty.
   */
  private record ProbeRow(
      String flag,
      String sends,
      String expected,
      boolean unexpected,
      String answers,
      String sent,
      boolean runsBad,
      String runs,
      boolean leaksBad,
      String leaks,
      boolean failed,
      String result,
      String notProbed,
      List<String> examples) {}

  private static ProbeRow probeRow(ProbeCheck.Row r) {
    boolean webhook = r.probeClass().kind() == ProbeClass.Kind.WEBHOOK;
    return new ProbeRow(
        r.probeClass().flag(),
        r.probeClass().sends(),
        r.probeClass().expectedAnswers(),
        r.unexpectedAnswers() > 0,
        r.answersSeen(),
        Classification.number(r.sent()),
        r.runsCreated() + r.runsLost() > 0,
        webhook ? Classification.number(r.runsCreated() + r.runsLost()) : "",
        r.leaks() > 0,
        webhook ? "" : Classification.number(r.leaks()),
        r.state() == ProbeCheck.State.FAIL,
        r.state().label(),
        r.notProbed(),
        r.examples());
  }

  private static void putFigure(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name); // not measured
    }
  }
}
