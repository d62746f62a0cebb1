package dev.meshhook.load.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a Prometheus what to scrape while a run lasts, through its file-based service discovery:
 * one JSON file for the suite's own {@code /metrics} (a free port, so no static config could name
 * it) and one for the target engine's metrics, labelled with the run tag. Prometheus picks them up
 * from the folder within seconds; {@link #close()} deletes them, so a finished run's port stops
 * being scraped.
 */
public final class ScrapeTargets implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SUITE = "-suite.json";
  private static final String ENGINE = "-engine.json";

  private final List<Path> written = new ArrayList<>();

  private ScrapeTargets() {}

  /**
   * Writes {@code <runTag>-<injector>-suite.json}, and {@code <runTag>-engine.json} unless {@code
   * engineMetricsPath} is empty (the engine file is one per run tag: injectors of one run share
   * it).
   */
  public static ScrapeTargets write(
      Path dir,
      String runTag,
      String injector,
      int suitePort,
      String engineBaseUrl,
      String engineMetricsPath) {
    ScrapeTargets targets = new ScrapeTargets();
    try {
      Files.createDirectories(dir);
      deleteLeftovers(dir);
      // The suite's series carry run_tag, injector and profile themselves: no target labels, which
      // Prometheus would otherwise set beside them as exported_run_tag.
      targets.put(dir.resolve(runTag + "-" + injector + SUITE), "127.0.0.1:" + suitePort, Map.of());
      if (!engineMetricsPath.isEmpty()) {
        URI engine = URI.create(engineBaseUrl);
        int port =
            engine.getPort() > 0 ? engine.getPort() : "https".equals(engine.getScheme()) ? 443 : 80;
        // A target behind a path prefix (https://host/meshhook) serves its metrics under it too.
        String prefix = engine.getPath() == null ? "" : engine.getPath().replaceAll("/+$", "");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("__scheme__", engine.getScheme());
        labels.put("__metrics_path__", prefix + engineMetricsPath);
        labels.put("run_tag", runTag);
        targets.put(
            dir.resolve(runTag + "-" + injector + ENGINE), engine.getHost() + ":" + port, labels);
      }
      return targets;
    } catch (IOException e) {
      targets.close();
      throw new UncheckedIOException("cannot write Prometheus scrape targets in " + dir, e);
    }
  }

  /**
   * A run killed with -9 deletes nothing: its suite file points at a port nobody listens on, and
   * its engine file may name an engine port a later run reuses under another run tag. Such pairs
   * are deleted; a file that cannot be read is left alone.
   */
  private static void deleteLeftovers(Path dir) throws IOException {
    List<Path> suites;
    try (var files = Files.list(dir)) {
      suites = files.filter(f -> f.getFileName().toString().endsWith(SUITE)).toList();
    }
    for (Path suite : suites) {
      String address;
      try {
        address = JSON.readTree(suite.toFile()).path(0).path("targets").path(0).asText();
      } catch (IOException e) {
        continue;
      }
      int colon = address.lastIndexOf(':');
      if (colon < 0 || listening(address.substring(0, colon), address.substring(colon + 1))) {
        continue;
      }
      String name = suite.getFileName().toString();
      Files.deleteIfExists(suite);
      Files.deleteIfExists(
          suite.resolveSibling(name.substring(0, name.length() - SUITE.length()) + ENGINE));
    }
  }

  private static boolean listening(String host, String port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, Integer.parseInt(port)), 500);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The files written, for the console and for tests. */
  public List<Path> files() {
    return List.copyOf(written);
  }

  private void put(Path file, String address, Map<String, String> labels) throws IOException {
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("targets", List.of(address));
    group.put("labels", labels);
    // Written aside and moved in: Prometheus reads the file as soon as it appears, and a half
    // written one would be an error in its log. The aside name does not match *.json.
    Path aside = file.resolveSibling(file.getFileName() + ".part");
    JSON.writerWithDefaultPrettyPrinter().writeValue(aside.toFile(), List.of(group));
    Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    written.add(file);
  }

  @Override
  public void close() {
    for (Path file : written) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        System.err.println("live metrics: cannot delete scrape target " + file + ": " + e);
      }
    }
    written.clear();
  }
}
