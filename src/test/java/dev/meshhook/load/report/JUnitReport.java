package dev.meshhook.load.report;

import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.figures.Classification;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} in a run's folder, for CI systems that show test results: one testcase per
 * verdict (verdict known, then each anomaly class), per judged classification figure (the profile's
 * thresholds, the same ones its Gatling assertions check) and per regression figure. A failed or
 * unknown one carries a {@code <failure message="...">} (an unknown figure says why it has no
 * value); a warn passes with the warning in its output; a run with no baseline yet has one skipped
 * regression testcase.
 */
public final class JUnitReport {
  public static final String FILE_NAME = "junit.xml";

  /** One testcase: suite, name, and the failure or skip message (null when it passed). */
  record Case(String suite, String name, String failure, String skipped, String output) {}

  public record Totals(int tests, int failures, int skipped) {}

  public Path write(Path folder, LoadResults results) {
    Path file = folder.resolve(FILE_NAME);
    try {
      Files.writeString(file, xml(results), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static Totals totals(LoadResults r) {
    List<Case> cases = cases(r);
    return new Totals(
        cases.size(),
        (int) cases.stream().filter(c -> c.failure() != null).count(),
        (int) cases.stream().filter(c -> c.skipped() != null).count());
  }

  static List<Case> cases(LoadResults r) {
    List<Case> cases = new ArrayList<>();
    Verdict v = r.verdict();
    boolean known = v.outcome() != Outcome.UNKNOWN && v.counts() != null && v.counts().balanced();
    cases.add(new Case("verification", "verdict known", known ? null : v.reason(), null, null));
    for (Verdict.Finding f : v.findings().values()) {
      String message =
          String.format(
              Locale.ROOT,
              "%,d %s, %,d allowed%s",
              f.count(),
              f.anomaly().label(),
              f.allowed(),
              f.examples().isEmpty() ? "" : "; e.g. " + String.join(", ", f.examples()));
      cases.add(
          new Case(
              "verification",
              f.anomaly().label(),
              f.ok() ? null : message,
              null,
              f.ok() ? message : null));
    }
    for (Classification.Row row : r.classification().rows()) {
      if (!row.judged()) {
        continue; // a figure for information is no assertion
      }
      String described = row.describe();
      cases.add(
          new Case(
              "classification",
              row.rule().isEmpty() // a figure that broke has no threshold to name
                  ? row.figure()
                  : row.figure()
                      + " "
                      + row.rule()
                      + " "
                      + RegressionCheck.number(row.threshold())
                      + " "
                      + row.unit(),
              row.level().passes() ? null : described,
              null,
              row.level().label() + ": " + described));
    }
    RegressionCheck.Result regression = r.regression();
    if (regression.level() == RegressionCheck.Level.NONE) {
      cases.add(new Case("regression", "baseline", null, regression.baseline(), null));
    }
    for (RegressionCheck.Row row : regression.rows()) {
      String described =
          String.format(
              Locale.ROOT,
              "%s %s %s against %s %s (%s), %+.1f%%; %s above %.0f%% warns, above %.0f%% fails",
              row.figure(),
              RegressionCheck.number(row.value()),
              row.unit(),
              RegressionCheck.number(row.baseline()),
              row.unit(),
              regression.baseline(),
              row.changePercent(),
              row.rule(),
              row.warnPercent(),
              row.failPercent());
      cases.add(
          new Case(
              "regression",
              row.figure(),
              row.level() == RegressionCheck.Level.FAIL
                      || row.level() == RegressionCheck.Level.UNKNOWN
                  ? described
                  : null,
              null,
              row.level().label() + ": " + described));
    }
    return cases;
  }

  /**
   * The document, written by StAX (which escapes every text and attribute), laid out one element a
   * line as CI systems' own reports are.
   */
  static String xml(LoadResults r) {
    List<Case> cases = cases(r);
    Totals all = totals(r);
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", xmlText("meshhook-load " + r.summary().folder()));
      counts(x, all.tests(), all.failures(), all.skipped());
      x.writeCharacters("\n");
      for (String suite : List.of("verification", "classification", "regression")) {
        List<Case> in = cases.stream().filter(c -> c.suite().equals(suite)).toList();
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", suite);
        counts(
            x,
            in.size(),
            in.stream().filter(c -> c.failure() != null).count(),
            in.stream().filter(c -> c.skipped() != null).count());
        x.writeCharacters("\n");
        String className = xmlText(r.summary().profile() + "." + suite);
        for (Case c : in) {
          boolean empty = c.failure() == null && c.skipped() == null && c.output() == null;
          x.writeCharacters("    ");
          if (empty) {
            x.writeEmptyElement("testcase");
          } else {
            x.writeStartElement("testcase");
          }
          x.writeAttribute("classname", className);
          x.writeAttribute("name", xmlText(c.name()));
          if (empty) {
            x.writeCharacters("\n");
            continue;
          }
          x.writeCharacters("\n");
          if (c.failure() != null) {
            message(x, "failure", c.failure());
          }
          if (c.skipped() != null) {
            message(x, "skipped", c.skipped());
          }
          if (c.output() != null) {
            x.writeCharacters("      ");
            x.writeStartElement("system-out");
            x.writeCharacters(xmlText(c.output()));
            x.writeEndElement();
            x.writeCharacters("\n");
          }
          x.writeCharacters("    ");
          x.writeEndElement();
          x.writeCharacters("\n");
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write " + FILE_NAME + ": " + e.getMessage(), e);
    }
    return out.toString();
  }

  private static void counts(XMLStreamWriter x, long tests, long failures, long skipped)
      throws XMLStreamException {
    x.writeAttribute("tests", Long.toString(tests));
    x.writeAttribute("failures", Long.toString(failures));
    x.writeAttribute("skipped", Long.toString(skipped));
  }

  private static void message(XMLStreamWriter x, String element, String message)
      throws XMLStreamException {
    x.writeCharacters("      ");
    x.writeEmptyElement(element);
    x.writeAttribute("message", xmlText(message));
    x.writeCharacters("\n");
  }

  /**
   * The text without the characters XML 1.0 cannot carry at all (escaping cannot save them): they
   * are dropped. StAX escapes the rest.
   */
  static String xmlText(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      if (ch >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') {
        b.append(ch);
      }
    }
    return b.toString();
  }
}
