package dev.meshhook.load;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.meshhook.load.engine.EngineMain;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of DESIGN.md, held on the compiled classes (what the code really uses, not what it
 * imports). Tests themselves ({@code *Test}, {@code *IT}) are left out: a test may reach across
 * packages to set up what it checks; the code it checks may not.
 */
class ArchitectureTest {
  private static final Pattern TESTS = Pattern.compile(".*(Test|IT)(\\$[^/]*)?\\.class$");
  private static JavaClasses code;

  @BeforeAll
  static void importOnce() throws Exception {
    // The two output folders only: scanning the class path for the package also opens every jar.
    code =
        new ClassFileImporter()
            .withImportOption(location -> !location.matches(TESTS))
            .importPaths(folderOf(EngineMain.class), folderOf(ArchitectureTest.class));
  }

  private static Path folderOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void theCheckerImportsNeitherTheEngineNorTheHarness() {
    noClasses()
        .that()
        .resideInAPackage("dev.meshhook.load.checker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.meshhook.load.engine..", "dev.meshhook.load.harness..")
        .because("the checker must judge any MeshHook-contract engine, not mirror ours")
        .check(code);
  }

  @Test
  void theEngineUsesNothingFromTheTestSide() {
    noClasses()
        .that()
        .resideInAPackage("dev.meshhook.load.engine..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.meshhook.load..")
                .and(
                    resideOutsideOfPackages(
                        "dev.meshhook.load.engine..",
                        "dev.meshhook.load.contract..",
                        "dev.meshhook.load.settings..")))
        .because("the engine runs on main's class path alone")
        .check(code);
  }

  @Test
  void theEnginesRoomsFormNoCycleAndLeaveItsRootToPutThemTogether() {
    slices()
        .matching("dev.meshhook.load.engine.(*)..")
        .should()
        .beFreeOfCycles()
        .because("each room of the engine (intake, work, api, store, ...) can be read alone")
        .check(code);
    noClasses()
        .that()
        .resideInAPackage("dev.meshhook.load.engine.*..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.meshhook.load.engine")
        .because("the engine's root package only wires the rooms together and starts them")
        .check(code);
  }

  @Test
  void theSuiteUsesNoTestOnlyHelper() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.meshhook.load.testing..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.meshhook.load.testing..")
        .because(
            "testing holds what the tests need around a run (a browser, a held process,"
                + " a shared engine); a user's run must not depend on any of it")
        .check(code);
  }

  /**
   * A run in four parts, each using only those after it: drive the load (simulations, their chains,
   * the run's lifecycle, feeders, injectors) at a target (the reference engine and what starts it),
   * judge what it left (checker, evidence, figures), report the verdict (verification reports, run
   * index, charts). Config knows the engine's knobs; the vocabulary every part speaks (settings,
   * the webhook contract, the ledger, the one HTML escaper) depends on nothing above it.
   */
  @Test
  void driveTargetJudgeReportAreLayers() {
    String load = "dev.meshhook.load.";
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Drive")
        .definedBy(
            load + "simulations..",
            load + "scenarios..",
            load + "run..",
            load + "feeders..",
            load + "distributed..",
            load + "live..",
            load + "bench..")
        .layer("Target")
        .definedBy(load + "engine..", load + "harness..")
        .layer("Judge")
        .definedBy(load + "checker..", load + "evidence..", load + "figures..")
        .layer("Report")
        .definedBy(load + "verification..", load + "report..", load + "charts..")
        .layer("Config")
        .definedBy(load + "config..")
        .layer("Vocabulary")
        .definedBy(load + "settings..", load + "contract..", load + "ledger..", load + "html..")
        .layer("Testing")
        .definedBy(load + "testing..")
        .whereLayer("Drive")
        .mayOnlyBeAccessedByLayers("Testing")
        .whereLayer("Target")
        .mayOnlyBeAccessedByLayers("Drive", "Config", "Testing")
        .whereLayer("Judge")
        .mayOnlyBeAccessedByLayers("Drive", "Target", "Report", "Testing")
        .whereLayer("Report")
        .mayOnlyBeAccessedByLayers("Drive", "Testing")
        .whereLayer("Vocabulary")
        .mayOnlyAccessLayers("Vocabulary")
        .ensureAllClassesAreContainedInArchitecture()
        .check(code);
  }

  @Test
  void noTwoPackagesImportEachOther() {
    slices()
        .matching("dev.meshhook.load.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a cycle means neither package can be understood, or changed, alone")
        .check(code);
  }
}
