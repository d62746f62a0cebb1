package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.Drain;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.report.RegressionCheck;
import dev.meshhook.load.run.Keys;
import dev.meshhook.load.run.LoadVerification;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The last act of every simulation: drain, check, report. Each verdict becomes a named group in
 * Gatling's own report ({@code verify: missing}, ...), failed when the profile does not allow what
 * was found, and an assertion on each group fails the build. Doing this inside the run (not in
 * {@code after()}) keeps Gatling's HTML report even when verification fails.
 */
public final class VerificationChain {
  static final String KNOWN = "verdict known";
  static final String CLASSIFICATION = "classification";
  static final String REGRESSION = "regression";

  private VerificationChain() {}

  /** The verification scenario: {@code verification}'s drain and check, then the verdict groups. */
  public static ScenarioBuilder verifyEveryRun(LoadVerification<?> verification) {
    ScenarioBuilder scenario =
        scenario("verification")
            .exec(
                session -> {
                  verification.beginDrain();
                  return session;
                })
            .asLongAs(session -> !verification.drained())
            .on(
                pause(Drain.POLL_EVERY)
                    .exec(
                        session -> {
                          verification.pollDrain();
                          return session;
                        }))
            .exec(
                session -> {
                  verification.verify();
                  return session;
                });
    // One injector of several has no verdict of its own: groups would read as passed.
    return verification.deferred() ? scenario : scenario.exec(verdictGroups(verification));
  }

  private static List<ChainBuilder> verdictGroups(LoadVerification<?> verification) {
    List<ChainBuilder> groups = new ArrayList<>();
    groups.add(
        group(Keys.VERIFY_GROUP_PREFIX + KNOWN)
            .on(
                exec(
                    session ->
                        verification.verdict().outcome() != Outcome.UNKNOWN
                                && verification.verdict().counts() != null
                                && verification.verdict().counts().balanced()
                            ? session
                            : session.markAsFailed())));
    // A profile classified fail or unknown fails the build; warn is reported, not failed.
    groups.add(
        group(Keys.VERIFY_GROUP_PREFIX + CLASSIFICATION)
            .on(
                exec(
                    session ->
                        verification.classification().map(c -> c.level().passes()).orElse(false)
                            ? session
                            : session.markAsFailed())));
    // Slower than the profile's baseline beyond the fail tolerance fails the build; warn, or no
    // baseline yet, does not; a check that could not run at all, or held a figure without a value,
    // does, like an unknown verdict.
    groups.add(
        group(Keys.VERIFY_GROUP_PREFIX + REGRESSION)
            .on(
                exec(
                    session ->
                        verification
                                .regression()
                                .map(
                                    r ->
                                        r.level() != RegressionCheck.Level.FAIL
                                            && r.level() != RegressionCheck.Level.UNKNOWN)
                                .orElse(false)
                            ? session
                            : session.markAsFailed())));
    for (Anomaly anomaly : Anomaly.values()) {
      groups.add(
          group(Keys.VERIFY_GROUP_PREFIX + anomaly.label())
              .on(
                  exec(
                      session ->
                          verification.verdict().ok(anomaly) ? session : session.markAsFailed())));
    }
    return groups;
  }

  /**
   * The webhook thresholds every profile asserts (p95, p99 of the webhook requests; failed % and
   * successful % of all requests) plus the verdict groups. Latency is the webhooks' own: a live-log
   * stream's time is how long its run took, judged by the profile's own figures.
   */
  public static List<Assertion> thresholdsAndVerdicts(
      SuiteConfig.Thresholds t, LoadVerification<?> verification) {
    return andVerdicts(
        verification,
        details(Keys.WEBHOOK).responseTime().percentile(95.0).lt(t.p95Ms()),
        details(Keys.WEBHOOK).responseTime().percentile(99.0).lt(t.p99Ms()),
        global().failedRequests().percent().lt(t.maxFailedPercent()),
        global().successfulRequests().percent().gte(t.minSuccessPercent()));
  }

  /**
   * The simulation's own assertions plus one per verdict group (none of which may fail; none for an
   * injector whose verification is deferred), as one list: Gatling keeps only the last {@code
   * assertions(...)} call of a setUp.
   */
  public static List<Assertion> andVerdicts(LoadVerification<?> verification, Assertion... own) {
    List<Assertion> assertions = new ArrayList<>(List.of(own));
    if (verification.deferred()) {
      return assertions; // no verdict groups: the merged verification's exit code carries them
    }
    assertions.add(details(Keys.VERIFY_GROUP_PREFIX + KNOWN).failedRequests().count().is(0L));
    assertions.add(
        details(Keys.VERIFY_GROUP_PREFIX + CLASSIFICATION).failedRequests().count().is(0L));
    assertions.add(details(Keys.VERIFY_GROUP_PREFIX + REGRESSION).failedRequests().count().is(0L));
    for (Anomaly anomaly : Anomaly.values()) {
      assertions.add(
          details(Keys.VERIFY_GROUP_PREFIX + anomaly.label()).failedRequests().count().is(0L));
    }
    return assertions;
  }
}
