package dev.meshhook.load.harness;

import dev.meshhook.load.engine.EngineMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The class path the engine's JVM starts with: the main classes and main's runtime dependencies,
 * nothing from the test side. Maven writes the dependency list at build time
 * (maven-dependency-plugin, build-classpath), because the suite's own class path holds Gatling,
 * Selenium and JUnit, which the engine must neither see nor load.
 */
final class EngineClasspath {
  static final String RESOURCE = "engine-runtime.classpath";

  private EngineClasspath() {}

  static String get() {
    String dependencies;
    try (InputStream in = EngineClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is not on the class path: build with Maven (mvn test-compile writes it), not"
                + " an IDE alone");
      }
      dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return mainClasses()
        + (dependencies.isEmpty() ? "" : java.io.File.pathSeparator + dependencies);
  }

  /** The main classes: target/classes, or the packaged jar when Failsafe runs after package. */
  static String mainClasses() {
    try {
      return Path.of(EngineMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the engine's classes", e);
    }
  }
}
