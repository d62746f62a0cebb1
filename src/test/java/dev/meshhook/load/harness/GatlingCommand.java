package dev.meshhook.load.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs one simulation in a Gatling JVM of its own, on this JVM's class path,
 * as the Gatling Maven plugin forks it: for the tests' runs and for the local injectors.
 */
public final class GatlingCommand {
  /**
   * For a test's Gatling JVM, which lives 10-30 s at a few dozen requests a second: the C2 compiler
   * and G1's concurrent threads cost it more CPU than they give back, on a 2-core machine that runs
   * the engine and PostgreSQL beside it (LoadIndexIT, three runs: 65.6 s without these, 57.9 s
   * with). Users' runs (mvn gatling:test, scripts/injectors.sh) keep the JVM's defaults.
   */
  public static final List<String> LIGHT_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private GatlingCommand() {}

  /**
   * {@code java <jvmOptions> -D<property>... io.gatling.app.Gatling -s <simulation> -rf <results>}
   * (run through {@link ChildJvm}, so that it dies with this JVM), with {@code -nr} (no HTML
   * report; assertions and simulation.log still) unless {@code htmlReport}.
   *
   * @param properties {@code key=value}, each passed as {@code -Dkey=value}
   */
  public static List<String> of(
      String simulation,
      Path results,
      List<String> jvmOptions,
      List<String> properties,
      boolean htmlReport) {
    List<String> options = new ArrayList<>();
    options.add("-Xmx1G"); // what the Gatling Maven plugin gives its own JVM
    options.addAll(jvmOptions);
    options.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    options.add("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");
    for (String p : properties) {
      options.add("-D" + p);
    }
    List<String> args = new ArrayList<>(List.of("-s", simulation, "-rf", results.toString()));
    if (!htmlReport) {
      args.add("-nr");
    }
    // Through ChildJvm: the Gatling JVM (and the engine it starts) ends when this JVM does.
    return ChildJvm.command(options, "io.gatling.app.Gatling", args);
  }
}
