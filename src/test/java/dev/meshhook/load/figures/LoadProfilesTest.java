package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every simulation has its profile declared, and every declared profile has its simulation: a new
 * profile cannot lose its figures on re-verification by being left out of a list.
 */
class LoadProfilesTest {
  @Test
  void everySimulationHasExactlyOneProfileAndEveryProfileASimulation() throws Exception {
    var simulations =
        new ClassFileImporter()
                .importPath(
                    Path.of(
                            LoadProfilesTest.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .resolve("dev/meshhook/load/simulations"))
                .stream()
                .filter(c -> c.isAssignableTo(Simulation.class))
                .filter(c -> !c.getModifiers().contains(JavaModifier.ABSTRACT))
                .map(JavaClass::getSimpleName)
                .toList();
    assertThat(simulations).as("simulations found").hasSizeGreaterThanOrEqualTo(10);
    assertThat(LoadProfiles.ALL)
        .extracting(LoadProfile::simulation)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(simulations);
  }
}
