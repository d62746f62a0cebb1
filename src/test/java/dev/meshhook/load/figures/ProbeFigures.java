package dev.meshhook.load.figures;

import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.ledger.ProbeClass;
import java.util.ArrayList;
import java.util.List;

/**
 * The security probes as classification rows, one per class, so a run created or a leak fails the
 * run like any figure past its threshold, and the failure names the class. A class not probed here
 * is shown with why, and decides nothing; but probes that say nothing at all (no class probed, or
 * no probe ledger where the profile sends probes) are an unknown row, which fails the run as
 * unknown: a security run is never passed on no probe.
 */
public final class ProbeFigures {
  private ProbeFigures() {}

  public static List<Classification.Row> rows(ProbeCheck.Result probes, double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    probes.unknown().ifPresent(why -> rows.add(Classification.broken("security probes", why)));
    for (ProbeCheck.Row r : probes.rows()) {
      String figure = "probe " + r.probeClass().flag() + ": " + findingName(r.probeClass());
      long found =
          r.probeClass().kind() == ProbeClass.Kind.WEBHOOK
              ? r.runsCreated() + r.runsLost() + r.otherRunNamed()
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
      case WEBHOOK ->
          switch (c) {
            case OVER_RATE_LIMIT -> "runs not as answered";
            case IDEMPOTENCY_KEY_REUSED -> "runs created or 202s naming another run";
            default -> "runs created";
          };
      case READ, LIST -> "leaks";
    };
  }
}
