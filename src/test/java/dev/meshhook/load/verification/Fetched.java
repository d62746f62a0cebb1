package dev.meshhook.load.verification;

import dev.meshhook.load.checker.DialectChoice;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.NotJudged;
import dev.meshhook.load.checker.ReExecutions;
import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.checker.TagHistory;
import dev.meshhook.load.checker.Tally;
import dev.meshhook.load.checker.UnaccountedRuns;
import dev.meshhook.load.checker.Visibility;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.ProbeLedger;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything a verification reads from outside, read once before anything is judged (as a Jepsen
 * checker is handed its history): the ledger and probe ledger (already in the inputs), the
 * database, and the profile's evidence. A read that fails is a reason, never an exception: the
 * check then leaves unknown only what needed it.
 *
 * @param ledger the ledger read, or an empty one when it could not be
 * @param database what the database holds about the run, as far as it could be read
 * @param evidence the profile's evidence; null when it could not be read ({@code evidenceUnread}
 *     says why)
 */
record Fetched(
    Verification.Inputs in,
    LedgerReader.Ledger ledger,
    Database database,
    Evidence evidence,
    String evidenceUnread) {

  /**
   * The database's side of the run, each read in the order the check needs them; a read that failed
   * leaves it and every later one null, and {@code unread} says why. The database is not read at
   * all when the ledger or the probe ledger could not be: there would be nothing to hold its runs
   * against.
   *
   * @param tenantsOfProbes the tenant of each run a probe's read returned; null when no probe was
   *     sent, or it could not be read
   * @param unread why the database was not (wholly) read, for the verdict; null when it was
   */
  record Database(
      DialectChoice dialect,
      TagHistory found,
      Map<String, String> tenantsOfProbes,
      ReExecutions.Result reExecuted,
      Tally unaccounted,
      String unread) {

    static Database unread(String why) {
      return new Database(null, null, null, null, null, why);
    }
  }

  /**
   * Reads what {@code in} does not hold yet. Prints the dialect the checker chose, as the read
   * starts.
   */
  static Fetched fetch(Verification.Inputs in, HistoryReader history, SuiteConfig.Verify options) {
    LedgerReader.Ledger ledger =
        in.ledger() == null ? new LedgerReader.Ledger(null, List.of()) : in.ledger();
    Database database;
    if (in.ledger() == null) {
      database = Database.unread("the ledger could not be read (" + in.ledgerError() + ")");
    } else if (in.probesError() != null) {
      database = Database.unread(probeLedgerUnread(in));
    } else {
      database = database(history, ledger.runTag() + "-", in.probes(), options, in.rerun());
    }
    Evidence evidence = null;
    String evidenceUnread = null;
    try {
      evidence = in.evidence().apply(ledger.entries(), history);
    } catch (RuntimeException e) {
      evidenceUnread = Verification.broke(e);
    }
    return new Fetched(in, ledger, database, evidence, evidenceUnread);
  }

  /** Why the probe ledger is not judged, for the verdict and the probes alike. */
  static String probeLedgerUnread(Verification.Inputs in) {
    return "the probe ledger could not be read (" + in.probesError() + "); " + in.rerun();
  }

  private static Database database(
      HistoryReader history,
      String prefix,
      ProbeLedger.Contents probes,
      SuiteConfig.Verify options,
      String rerun) {
    DialectChoice dialect = null;
    TagHistory found = null;
    Map<String, String> tenants = null;
    ReExecutions.Result reExecuted = null;
    Tally unaccounted = null;
    try {
      Optional<String> blind = Visibility.problem(history);
      if (blind.isPresent()) {
        // Rows the role cannot see would be judged missing: no verdict about the target.
        return Database.unread(
            "the checker cannot see every row it would judge, so it judges none: "
                + blind.get()
                + "; "
                + rerun);
      }
      dialect = DialectChoice.of(options.dialect(), history, prefix);
      System.out.println("checker: dialect " + dialect.describe());
      found = history.read(prefix, dialect.dialect(), options.examples());
      if (!probes.isEmpty()) {
        tenants = history.tenantsOfRuns(probes.runIds());
      }
      reExecuted =
          options.reExecute()
              ? ReExecutions.check(history, prefix, dialect.dialect())
              : new ReExecutions.Result(List.of(), NotJudged.NONE, 0, 0);
      unaccounted =
          options.sharedTarget()
              ? Tally.notLooked(
                  "verify.sharedTarget=true: others' runs may share the target's projects")
              : UnaccountedRuns.read(
                  history,
                  prefix,
                  found.runs().stream().map(RunRecord::projectId).collect(Collectors.toSet()),
                  found.runs().stream()
                      .map(RunRecord::startedAt)
                      .filter(Objects::nonNull)
                      .min(Comparator.naturalOrder())
                      .orElse(null),
                  options.examples());
      return new Database(dialect, found, tenants, reExecuted, unaccounted, null);
    } catch (SQLException | RuntimeException e) {
      // What was read before the failure is kept; the reason says what stopped the rest.
      String why =
          e instanceof SQLException
              ? "the database could not be read (" + e.getMessage() + "); "
              : "the check broke (" + Verification.broke((RuntimeException) e) + "); ";
      return new Database(dialect, found, tenants, reExecuted, unaccounted, why + rerun);
    }
  }
}
