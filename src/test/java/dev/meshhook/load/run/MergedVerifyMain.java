package dev.meshhook.load.run;

import dev.meshhook.load.checker.Drain;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.verification.MergedRun;
import dev.meshhook.load.verification.MergedSections;
import dev.meshhook.load.verification.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One verdict over every injector of a shared run: {@code mvn -Pverify-merged
 * -Dmerged.dir=reports/<runTag>}. Reads every injector's ledger into one, waits for every accepted
 * run to finish (the drain no injector did), judges once against the target's database
 * (target.jdbcUrl) and writes one verification report into that folder, with a table of the
 * injectors. Exit code 0 pass, 1 fail, 2 unknown or unusable input; an injector whose ledger is
 * absent, or that died while sending, makes the verdict unknown and is named.
 */
public final class MergedVerifyMain {
  private MergedVerifyMain() {}

  public static void main(String[] args) throws IOException {
    Path dir = VerifyMain.folderArgument(args, "mvn -Pverify-merged -Dmerged.dir=reports/<runTag>");
    // The injectors' own quick flag picks the shape their figures are judged by.
    System.setProperty("quick", Boolean.toString(quickOf(dir)));
    SuiteConfig config;
    try {
      config = SuiteConfig.load();
    } catch (ConfigError e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(dir, config));
  }

  /** Verifies the shared run in {@code dir}; returns the exit code. */
  public static int run(Path dir, SuiteConfig config) {
    MergedRun merged;
    try {
      merged = MergedRun.read(dir, config.injectors().count());
    } catch (IllegalArgumentException e) {
      System.err.println("verify-merged: " + e.getMessage());
      return 2;
    }
    if (merged.runInfo() == null) {
      System.err.println("verify-merged: no injector under " + dir + " wrote its run.json");
      return 2;
    }
    Optional<Verification.Profile> profile =
        VerifyMain.profile(merged.runInfo(), config, "verify-merged");
    if (profile.isEmpty()) {
      return 2;
    }
    Optional<HistoryReader> found =
        VerifyMain.deploymentHistory(config, "for the merged verification, which reads it");
    if (found.isEmpty()) {
      return 2;
    }
    HistoryReader history = found.get();
    for (MergedRun.Injector i : merged.injectors()) {
      System.out.println(
          "injector "
              + i.index()
              + ": "
              + i.state().label()
              + ", "
              + i.sent()
              + " sent, "
              + i.accepted()
              + " accepted, "
              + i.unanswered()
              + " unanswered"
              + (i.folder() == null ? "" : " (" + i.folder() + ")"));
    }
    drain(merged, history, config.verify().drainTimeout());
    Verification.Result result =
        Verification.judge(
            new Verification.Inputs(
                dir,
                merged.injectors().size() + " injectors' ledgers under " + dir,
                merged.ledger(),
                null,
                merged.probes(),
                null,
                (List<LedgerEntry> entries, HistoryReader h) ->
                    new Evidence(
                        entries,
                        dir,
                        merged.operations(),
                        merged.resources(),
                        List.of(),
                        List.of(),
                        h),
                "the ledgers are kept - re-run the check with: mvn -Pverify-merged -Dmerged.dir="
                    + dir,
                merged.incomplete()),
            history,
            config.verify(),
            profile.get());
    MergedSections.addInjectors(result.report(), merged.injectors());
    // Into the history and the run index beside single-injector runs: the rates are the whole
    // run's, so a merged run holds against the same profile's baseline.
    return VerifyMain.reportedExitCode(dir, merged.runInfo(), result, config);
  }

  /** Until every accepted run of every injector is terminal, or the drain times out. */
  private static void drain(MergedRun merged, HistoryReader history, java.time.Duration timeout) {
    long accepted = merged.ledger().entries().stream().filter(LedgerEntry::accepted).count();
    Drain drain = new Drain(history, merged.runTag() + "-", accepted, timeout);
    while (!drain.poll()) { // prints a progress line a second
      try {
        Thread.sleep(Drain.POLL_EVERY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean quickOf(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> infos = Files.find(dir, 3, (p, a) -> p.endsWith("run.json"))) {
      Optional<Path> info = infos.findFirst();
      return info.isPresent() && VerifyMain.quickIn(info.get());
    }
  }
}
