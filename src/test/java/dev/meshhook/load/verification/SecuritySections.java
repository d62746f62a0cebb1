package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import java.util.Locale;

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

  static void availabilityHtml(StringBuilder b, Availability a) {
    b.append("<h2>Availability</h2><p>")
        .append(VerificationReport.esc(a.summary()))
        .append(
            ". A steady-phase second counts as available when every webhook sent in it got an"
                + " answer, none of them a 5xx, and their p99 was within ")
        .append(String.format(Locale.ROOT, "%,d ms", a.rule().p99Ms()))
        .append(".</p>");
    if (a.broken().isEmpty()) {
      return;
    }
    b.append(
        "<table><tr><th>second</th><th>sent</th><th>5xx</th><th>unanswered</th><th>p99</th>"
            + "<th class=l>why</th></tr>");
    a.broken().stream()
        .limit(Availability.LISTED)
        .forEach(
            s ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "<tr><td>t+%d s</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d ms</td>"
                            + "<td class=l>%s</td></tr>",
                        s.second(),
                        s.sent(),
                        s.serverErrors(),
                        s.unanswered(),
                        s.p99Ms(),
                        VerificationReport.esc(s.why(a.rule().p99Ms())))));
    b.append("</table>");
    if (a.broken().size() > Availability.LISTED) {
      b.append("<p>The first ")
          .append(Availability.LISTED)
          .append(" of ")
          .append(a.broken().size())
          .append(" seconds are listed.</p>");
    }
  }

  static void probesHtml(StringBuilder b, ProbeCheck.Result probes) {
    String colour =
        switch (probes.outcome()) {
          case FAIL -> "#cf222e";
          case UNKNOWN -> "#9a6700";
          case PASS -> "#1a7f37";
        };
    b.append("<h2>Security probes <span class=\"badge\" style=\"background:")
        .append(colour)
        .append("\">")
        .append(probes.outcome())
        .append("</span></h2>");
    probes
        .unknown()
        .ifPresent(
            why ->
                b.append("<p class=bad>Unknown: ")
                    .append(VerificationReport.esc(why))
                    .append(".</p>"));
    b.append(
            "<p>Each class is sent beside the valid load. A run created by a request that must be"
                + " refused, another tenant's data returned, or a repeated Idempotency-Key answered"
                + " with another run than the first, fails the run; another answer than the"
                + " expected ones is shown, and fails nothing; a class not probed on this target,"
                + " or with a probe that told nothing, is neither a pass nor a failure; no class"
                + " probed at all is unknown.</p>")
        .append(
            "<table><tr><th class=l>class</th><th class=l>sends</th><th class=l>expected</th>"
                + "<th class=l>answers seen</th><th>sent</th><th>runs created</th><th>leaks</th>"
                + "<th class=l>result</th><th class=l>examples</th></tr>");
    for (ProbeCheck.Row r : probes.rows()) {
      boolean webhook = r.probeClass().kind() == dev.meshhook.load.ledger.ProbeClass.Kind.WEBHOOK;
      b.append("<tr><td class=l><code>")
          .append(r.probeClass().flag())
          .append("</code></td><td class=l>")
          .append(VerificationReport.esc(r.probeClass().sends()))
          .append("</td><td class=l>")
          .append(VerificationReport.esc(r.probeClass().expectedAnswers()))
          .append("</td><td class=\"l")
          .append(r.unexpectedAnswers() > 0 ? " bad" : "")
          .append("\">")
          .append(VerificationReport.esc(r.answersSeen()))
          .append("</td><td>")
          .append(Classification.number(r.sent()))
          .append("</td><td class=\"")
          .append(r.runsCreated() + r.runsLost() > 0 ? "bad" : "ok")
          .append("\">")
          .append(webhook ? Classification.number(r.runsCreated() + r.runsLost()) : "")
          .append("</td><td class=\"")
          .append(r.leaks() > 0 ? "bad" : "ok")
          .append("\">")
          .append(webhook ? "" : Classification.number(r.leaks()))
          .append("</td><td class=\"l")
          .append(r.state() == ProbeCheck.State.FAIL ? " bad" : "")
          .append("\">")
          .append(r.state().label())
          .append(r.notProbed() == null ? "" : ": " + VerificationReport.esc(r.notProbed()))
          .append("</td><td class=l>");
      r.examples()
          .forEach(e -> b.append("<code>").append(VerificationReport.esc(e)).append("</code><br>"));
      b.append("</td></tr>");
    }
    b.append("</table>");
  }

  private static void putFigure(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name); // not measured
    }
  }
}
