package dev.meshhook.load.verification;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.report.Baseline;
import dev.meshhook.load.report.GitCommit;
import dev.meshhook.load.report.JUnitReport;
import dev.meshhook.load.report.LoadFigures;
import dev.meshhook.load.report.LoadHistory;
import dev.meshhook.load.report.LoadIndex;
import dev.meshhook.load.report.LoadResults;
import dev.meshhook.load.report.LoadSummary;
import dev.meshhook.load.report.RegressionCheck;
import dev.meshhook.load.report.ReportPruner;
import dev.meshhook.load.report.ResultsJson;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens after a run's verification, across runs: its figures held against the baseline of
 * its profile (the regression verdict), results.json and junit.xml into its folder, one line into
 * the history, old folders pruned, and the run index rebuilt. The history line is written before
 * anything is pruned, and the index is rebuilt after, so it never links to a folder just removed.
 */
public final class LoadReports {
  /**
   * The run as the suite knows it, beside its verification; target is "embedded" or the
   * deployment's URL.
   */
  public record Run(String simulation, boolean quick, Instant startedAt, String target) {}

  private LoadReports() {}

  /**
   * As {@link #afterVerification}, for its regression verdict; a check that broke is printed as
   * UNKNOWN and gives none, because could not tell is no pass.
   */
  public static Optional<RegressionCheck.Result> regressionAfter(
      Path folder, Run run, Verification.Result verification, SuiteConfig config) {
    try {
      return Optional.of(afterVerification(folder, run, verification, config).regression());
    } catch (RuntimeException e) {
      System.out.println(
          "regression: UNKNOWN - the run could not be held against its baseline (" + e + ")");
      return Optional.empty();
    }
  }

  public static LoadResults afterVerification(
      Path folder, Run run, Verification.Result verification, SuiteConfig config) {
    Path reports = folder.getParent();
    LoadHistory history = new LoadHistory(reports);
    String name = folder.getFileName().toString();
    List<LoadSummary> known = history.readWithFolders();
    List<LoadSummary> earlier = known.stream().filter(r -> !name.equals(r.folder())).toList();
    // Verified again later: the run keeps the commit it was built from, not today's.
    String commit =
        known.stream()
            .filter(r -> name.equals(r.folder()))
            .map(LoadSummary::commit)
            .findFirst()
            .orElseGet(GitCommit::current);
    String profile = LoadSummary.profile(run.simulation(), run.quick());
    LoadFigures figures =
        LoadFigures.of(
            verification.verdict(),
            verification.http(),
            verification.availability() == null
                ? Double.NaN
                : verification.availability().percent());
    RegressionCheck.Result regression =
        RegressionCheck.check(
            figures,
            Baseline.of(config.regression(), earlier, profile),
            config.regression().tolerances());
    String outcome = verification.verdict().outcome().name().toLowerCase(Locale.ROOT);
    String classification = verification.classification().level().name().toLowerCase(Locale.ROOT);
    LoadSummary summary =
        new LoadSummary(
            LoadSummary.SCHEMA,
            name,
            run.simulation(),
            profile,
            run.startedAt().toString(),
            commit,
            publicTarget(run.target()),
            LoadSummary.status(outcome, classification, regression.level().label()),
            outcome,
            classification,
            regression.level().label(),
            regression.summary(),
            figures,
            bottleneck(folder));
    LoadResults results =
        new LoadResults(
            summary,
            verification.verdict(),
            verification.http(),
            verification.classification(),
            regression,
            config.regression().tolerances());
    new ResultsJson().write(folder, results);
    new JUnitReport().write(folder, results);
    System.out.println("regression: " + regression.level().name() + " - " + regression.summary());
    try {
      history.append(summary);
      for (Path pruned : ReportPruner.prune(reports, config.reports().keep())) {
        System.out.println(
            "reports.keep="
                + config.reports().keep()
                + ": deleted "
                + pruned.getFileName()
                + " (its row stays in the index)");
      }
      List<LoadSummary> all = history.read();
      Path index = LoadIndex.write(reports, all);
      System.out.println(
          "run index: "
              + index.toUri()
              + " ("
              + all.size()
              + (all.size() == 1 ? " run)" : " runs)"));
    } catch (RuntimeException e) {
      // The run's own verdict and reports stand; only the view across runs is behind.
      System.out.println("run index: not rebuilt (" + e.getMessage() + ")");
    }
    return results;
  }

  /** "embedded" for the reference engine; a deployment's URL without any user:password in it. */
  static String publicTarget(String target) {
    if (target == null || target.isBlank() || target.equals("embedded")) {
      return "embedded";
    }
    try {
      URI uri = URI.create(target);
      if (uri.getUserInfo() != null) {
        return new URI(
                uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
            .toString();
      }
      return target;
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return "deployment"; // not a URL we can vouch is free of secrets
    }
  }

  /**
   * "rate-limit at 245/s", from the run's verification.json when a stress run's analysis wrote one;
   * a scaling run's verdict, "scaling: contention-limited, efficiency 0.49 at 2 replicas"; null
   * otherwise (and for a file that cannot be read: the index then shows nothing).
   */
  static String bottleneck(Path folder) {
    try {
      com.fasterxml.jackson.databind.JsonNode root =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(folder.resolve(VerificationReport.JSON).toFile());
      com.fasterxml.jackson.databind.JsonNode scaling = root.path("scaling");
      if (scaling.hasNonNull("verdict")) {
        com.fasterxml.jackson.databind.JsonNode points = scaling.path("points");
        com.fasterxml.jackson.databind.JsonNode last =
            points.size() > 1 ? points.get(points.size() - 1) : null;
        return "scaling: "
            + scaling.path("verdict").asText()
            // An unknown verdict's figures do not count: the index shows none of them.
            + (last != null
                    && last.path("efficiency").isNumber()
                    && !scaling.path("verdict").asText().equals("unknown")
                ? String.format(
                    java.util.Locale.ROOT,
                    ", efficiency %.2f at %d replicas",
                    last.path("efficiency").asDouble(),
                    last.path("replicas").asInt())
                : "");
      }
      com.fasterxml.jackson.databind.JsonNode b = root.path("bottleneck");
      if (b.isMissingNode() || !b.hasNonNull("named")) {
        return null;
      }
      String at = b.path("atStep").isTextual() ? " at " + b.path("atStep").asText() : "";
      return b.path("named").asText() + at;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
