package dev.meshhook.load.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.settings.ConfigError;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a new profile is: its declaration in {@link LoadProfiles}, its simulation, its block in
 * application.conf (with a quick block) and its pom profile. Each test here fails when a profile
 * lacks one of these, or when one of them exists without a declaration.
 */
class LoadProfilesTest {
  private static final Pattern POM_PROFILE =
      Pattern.compile(
          "<profile>\\s*<id>([^<]+)</id>\\s*<properties>\\s*"
              + "<gatling.simulationClass>([^<]+)</gatling.simulationClass>");

  private static Config application() {
    return ConfigFactory.parseResources("application.conf")
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private static SuiteConfig config(boolean quick) {
    return SuiteConfig.from(
        ConfigFactory.parseMap(Map.of("quick", quick)).withFallback(application()).resolve());
  }

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
                        .resolve(LoadProfile.SIMULATIONS.replace('.', '/')))
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
    for (LoadProfile<?> profile : LoadProfiles.ALL) {
      // Not initialised: a simulation opens its run when its class initialises.
      Class<?> type =
          Class.forName(profile.simulationClass(), false, LoadProfilesTest.class.getClassLoader());
      assertThat(Simulation.class).as(profile.simulation()).isAssignableFrom(type);
    }
  }

  @Test
  void everyProfileHasItsBlockAQuickBlockAndReadsBothShapesAndItsFigures() {
    Config application = ConfigFactory.parseResources("application.conf");
    SuiteConfig full = config(false);
    SuiteConfig quick = config(true);
    assertThat(LoadProfiles.ALL).extracting(LoadProfile::block).doesNotHaveDuplicates();
    for (LoadProfile<?> profile : LoadProfiles.ALL) {
      String block = profile.block();
      assertThat(application.hasPath(block)).as("application.conf block " + block).isTrue();
      assertThat(application.hasPath(block + ".quick"))
          .as("application.conf block " + block + ".quick")
          .isTrue();
      assertThat(application.hasPath(block + ".thresholds"))
          .as("application.conf block " + block + ".thresholds")
          .isTrue();
      assertThat(profile.shapeIn(full)).as(block + " in full").isNotNull();
      assertThat(profile.shapeIn(quick)).as(block + " in quick mode").isNotNull();
      assertThat(profile.figures()).as(block + "'s figures").isNotNull();
      assertThat(profile.figuresIn(full)).as(block + "'s figures").isNotNull();
    }
  }

  @Test
  void aProfilesBadValueStopsTheRunNamingItsKey() {
    SuiteConfig bad =
        SuiteConfig.from(
            ConfigFactory.parseMap(Map.of("soak.rate", -1)).withFallback(application()).resolve());
    assertThatThrownBy(() -> LoadProfiles.validate(bad))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("soak.rate");
  }

  @Test
  void everyProfileHasThePomProfileOfItsBlockAndEveryPomProfileADeclaration() throws Exception {
    Matcher m = POM_PROFILE.matcher(Files.readString(Path.of("pom.xml")));
    List<String> pom = new ArrayList<>();
    while (m.find()) {
      pom.add(m.group(1) + " -> " + m.group(2));
    }
    assertThat(pom)
        .as("pom profiles that pick a simulation")
        .containsExactlyInAnyOrderElementsOf(
            LoadProfiles.ALL.stream().map(p -> p.block() + " -> " + p.simulationClass()).toList());
  }
}
