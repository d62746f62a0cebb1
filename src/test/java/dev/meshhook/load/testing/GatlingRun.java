package dev.meshhook.load.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.harness.ChildJvm;
import dev.meshhook.load.harness.GatlingCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test support: runs a simulation the way {@code mvn gatling:test} does, in a Gatling JVM of its
 * own (which starts and stops its own engine), with reports in a folder of the test's choosing.
 */
public final class GatlingRun {
  public record Result(int exitCode, String output, Optional<Path> folder) {}

  private GatlingRun() {}

  /**
   * Runs without Gatling's own HTML report (its {@code -nr}: assertions are still judged and the
   * exit code set, and simulation.log is still written): 2.5 s of a 2-core machine per run that no
   * test of ours reads. {@link #runWithGatlingReport} for the tests that open it.
   */
  public static Result run(Class<?> simulation, Path reports, String... properties)
      throws IOException, InterruptedException {
    return run(simulation, reports, false, properties);
  }

  /** As {@link #run}, with Gatling's HTML report ({@code index.html}) in the run folder. */
  public static Result runWithGatlingReport(Class<?> simulation, Path reports, String... properties)
      throws IOException, InterruptedException {
    return run(simulation, reports, true, properties);
  }

  private static Result run(
      Class<?> simulation, Path reports, boolean gatlingReport, String... properties)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("gatling-run", ".log");
    Process process = start(simulation, reports, log, gatlingReport, properties);
    // Bounded: a smoke run in these tests takes well under a minute.
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException("Gatling did not finish within 4 minutes; output in " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return new Result(process.exitValue(), output, newestFolder(reports));
  }

  /** Starts Gatling without waiting, its output going to {@code log}, with its HTML report. */
  public static Process start(Class<?> simulation, Path reports, Path log, String... properties)
      throws IOException {
    return start(simulation, reports, log, true, properties);
  }

  private static Process start(
      Class<?> simulation, Path reports, Path log, boolean gatlingReport, String... properties)
      throws IOException {
    List<String> settings = new ArrayList<>();
    settings.add("reports.dir=" + reports);
    // The build gives each test JVM a home of its own for engines (failsafe's engine.home): a test
    // reads its run's engine folder after the Gatling JVM has let go of it, and a test in the other
    // JVM starting engines in the same home would prune it by then.
    String engineHome = System.getProperty("engine.home");
    if (engineHome != null) {
      settings.add("engine.home=" + engineHome);
    }
    settings.addAll(List.of(properties));
    List<String> command =
        GatlingCommand.of(
            simulation.getName(), reports, GatlingCommand.LIGHT_JVM, settings, gatlingReport);
    return ChildJvm.start(
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
  }

  public static Optional<Path> newestFolder(Path reports) throws IOException {
    try (Stream<Path> s = Files.list(reports)) {
      // Gatling names a run's folder <simulation>-<stamp>; live-targets is no run.
      return s.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().contains("simulation-"))
          .max(Path::compareTo);
    }
  }

  /**
   * The run's engine process is gone and its PostgreSQL stopped cleanly: what the Gatling JVM
   * started, it stopped.
   */
  public static void assertNothingLeftRunning(Path folder) throws Exception {
    JsonNode run = new ObjectMapper().readTree(folder.resolve("run.json").toFile());
    Path engineHome = Path.of(run.path("engineDataDir").asText()).getParent();
    JsonNode ready = new ObjectMapper().readTree(engineHome.resolve("ready.json").toFile());
    assertThat(ProcessHandle.of(ready.path("pid").asLong()).filter(ProcessHandle::isAlive))
        .as("engine process")
        .isEmpty();
    assertThat(engineHome.resolve("pgdata/postmaster.pid"))
        .as("PostgreSQL stopped cleanly")
        .doesNotExist();
    try (java.util.stream.Stream<Path> homes = java.nio.file.Files.list(engineHome)) {
      for (Path replica :
          homes.filter(p -> p.getFileName().toString().startsWith("replica-")).toList()) {
        JsonNode replicaReady = new ObjectMapper().readTree(replica.resolve("ready.json").toFile());
        assertThat(
                ProcessHandle.of(replicaReady.path("pid").asLong()).filter(ProcessHandle::isAlive))
            .as("engine " + replica.getFileName())
            .isEmpty();
      }
    }
  }
}
