package dev.meshhook.load.figures;

import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.ledger.ProbeClass;
import java.util.ArrayList;
import java.util.List;

/**
 * The security probes as classification rows, one per class, so a run created or a leak fails the
 * run like any figure past its threshold, and the failure names the class. A class not probed here
 * is shown with why, and decides nothing.
 */
public final class ProbeFigures {
  private ProbeFigures() {}

  public static List<Classification.Row> rows(ProbeCheck.Result probes, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    for (ProbeCheck.Row r : probes.rows()) {
      String figure = "probe " + r.probeClass().flag() + ": " + findingName(r.probeClass());
      long found =
          r.probeClass().kind() == ProbeClass.Kind.WEBHOOK
              ? r.runsCreated() + r.runsLost()
              : r.leaks();
      if (r.state() == ProbeCheck.State.NOT_PROBED) {
        rows.add(Classification.notJudged(figure, "not probed, " + r.notProbed()));
      } else {
        rows.add(Classification.noMoreThan(figure, found, "", 0, margin));
      }
    }
    return rows;
  }

  private static String findingName(ProbeClass c) {
    return switch (c.kind()) {
      case WEBHOOK -> c == ProbeClass.OVER_RATE_LIMIT ? "runs not as answered" : "runs created";
      case READ, LIST -> "leaks";
    };
  }
}
