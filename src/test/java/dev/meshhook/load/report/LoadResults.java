package dev.meshhook.load.report;

import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.Regression;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;

/** Everything decided about one run, as results.json and junit.xml write it down. */
public record LoadResults(
    LoadSummary summary,
    Verdict verdict,
    HttpFigures http,
    Classification classification,
    RegressionCheck.Result regression,
    Regression.Tolerances tolerances) {}
