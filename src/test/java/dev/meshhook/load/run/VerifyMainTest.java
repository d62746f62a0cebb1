package dev.meshhook.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.report.RegressionCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyMainTest {
  @Test
  void unknownIsExitCodeTwoUnlessSomethingKnownFailed() {
    assertThat(VerifyMain.exitCode(Outcome.PASS, Outcome.WARN, RegressionCheck.Level.NONE))
        .isZero();
    assertThat(VerifyMain.exitCode(Outcome.PASS, Outcome.UNKNOWN, RegressionCheck.Level.PASS))
        .as("a classified figure without samples")
        .isEqualTo(2);
    assertThat(VerifyMain.exitCode(Outcome.PASS, Outcome.PASS, RegressionCheck.Level.UNKNOWN))
        .as("a regression check that broke or held a figure without a value")
        .isEqualTo(2);
    assertThat(VerifyMain.exitCode(Outcome.PASS, Outcome.UNKNOWN, RegressionCheck.Level.FAIL))
        .isEqualTo(1);
    assertThat(VerifyMain.exitCode(Outcome.PASS, Outcome.FAIL, RegressionCheck.Level.PASS))
        .isEqualTo(1);
    assertThat(VerifyMain.exitCode(Outcome.FAIL, Outcome.UNKNOWN, RegressionCheck.Level.PASS))
        .isEqualTo(1);
    assertThat(VerifyMain.exitCode(Outcome.UNKNOWN, Outcome.PASS, RegressionCheck.Level.FAIL))
        .isEqualTo(2);
  }

  @Test
  void aLossFoundFailsEvenWhenTheVerdictIsUnknownForAnotherReason() {
    Verdict.Finding lost = new Verdict.Finding(Anomaly.MISSING, 3, 0, List.of("t-1-7"));
    Verdict.Finding none = new Verdict.Finding(Anomaly.STUCK, 0, 0, List.of());
    Verdict partialWithLoss =
        new Verdict(
            Outcome.UNKNOWN,
            "injector 1 died while sending",
            "t",
            null,
            Map.of(Anomaly.MISSING, lost, Anomaly.STUCK, none),
            Latency.NONE);
    Verdict partialClean =
        new Verdict(
            Outcome.UNKNOWN,
            "injector 1 died while sending",
            "t",
            null,
            Map.of(Anomaly.STUCK, none),
            Latency.NONE);
    assertThat(VerifyMain.exitCode(partialWithLoss, Outcome.PASS, RegressionCheck.Level.NONE))
        .isEqualTo(1);
    assertThat(VerifyMain.exitCode(partialClean, Outcome.PASS, RegressionCheck.Level.NONE))
        .isEqualTo(2);
  }
}
