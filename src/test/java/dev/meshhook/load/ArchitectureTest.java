package dev.meshhook.load;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
