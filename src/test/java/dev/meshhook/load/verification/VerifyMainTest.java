package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.report.RegressionCheck;
import org.junit.jupiter.api.Test;

class VerifyMainTest {
  @Test
  void unknownIsExitCodeTwoUnlessSomethingKnownFailed() {
    assertThat(
            VerifyMain.exitCode(
                Verdict.Outcome.PASS, Classification.Level.WARN, RegressionCheck.Level.NONE))
        .isZero();
    assertThat(
            VerifyMain.exitCode(
                Verdict.Outcome.PASS, Classification.Level.UNKNOWN, RegressionCheck.Level.PASS))
        .as("a classified figure without samples")
        .isEqualTo(2);
    assertThat(
            VerifyMain.exitCode(
                Verdict.Outcome.PASS, Classification.Level.PASS, RegressionCheck.Level.UNKNOWN))
        .as("a regression check that broke or held a figure without a value")
        .isEqualTo(2);
    assertThat(
            VerifyMain.exitCode(
                Verdict.Outcome.PASS, Classification.Level.UNKNOWN, RegressionCheck.Level.FAIL))
        .isEqualTo(1);
    assertThat(
            VerifyMain.exitCode(
                Verdict.Outcome.PASS, Classification.Level.FAIL, RegressionCheck.Level.PASS))
        .isEqualTo(1);
    assertThat(
            VerifyMain.exitCode(
                Verdict.Outcome.FAIL, Classification.Level.UNKNOWN, RegressionCheck.Level.PASS))
        .isEqualTo(1);
    assertThat(
            VerifyMain.exitCode(
                Verdict.Outcome.UNKNOWN, Classification.Level.PASS, RegressionCheck.Level.FAIL))
        .isEqualTo(2);
  }
}
