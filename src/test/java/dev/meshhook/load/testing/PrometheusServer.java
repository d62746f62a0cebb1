package dev.meshhook.load.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.harness.ProcessSignals;
import dev.meshhook.load.harness.WatchedChild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Test support: Debian's Prometheus ({@code /usr/bin/prometheus}, installed by {@code
 * scripts/install-prometheus.sh}) as a {@link WatchedChild} on 127.0.0.1 and a free port, with a
 * data folder of the test's, and a client for the parts of its HTTP API the tests ask: instant and
 * range queries, and the scrape targets.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WatchedChild process;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PrometheusServer(WatchedChild process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Prometheus with {@code config}, its data and log in {@code folder}; returns once it is ready
   * ({@code /-/ready}).
   */
  public static PrometheusServer start(Path config, Path folder) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY
              + " is missing: run scripts/install-prometheus.sh (mvn verify runs it), or apt-get install prometheus");
    }
    int port = EngineProcess.freePort();
    Path data = folder.resolve("prometheus-data");
    Path log = folder.resolve("prometheus.log");
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + data, e);
    }
    WatchedChild process =
        WatchedChild.start(
            List.of(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"),
            log,
            new ProcessSignals.Expected("prometheus", "--storage.tsdb.path=" + data));
    PrometheusServer prometheus = new PrometheusServer(process, port, log);
    try {
      prometheus.awaitReady(Duration.ofSeconds(30));
      return prometheus;
    } catch (RuntimeException e) {
      prometheus.close();
      throw e;
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited with code " + process.exitValue() + "; its log:\n" + log());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "prometheus was not ready within " + timeout.toSeconds() + " s; its log:\n" + log());
  }

  /** The {@code data.result} of an instant query at {@code time}. */
  public JsonNode query(String promql, Instant time) {
    return api("/api/v1/query?query=" + encode(promql) + "&time=" + seconds(time));
  }

  /** The {@code data.result} of a range query, one point per {@code step}. */
  public JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
    return api(
        "/api/v1/query_range?query="
            + encode(promql)
            + "&start="
            + seconds(start)
            + "&end="
            + seconds(end)
            + "&step="
            + step.toMillis() / 1000.0);
  }

  /** The active scrape targets ({@code data.activeTargets}). */
  public JsonNode activeTargets() {
    return data("/api/v1/targets?state=active").path("activeTargets");
  }

  private JsonNode api(String pathAndQuery) {
    return data(pathAndQuery).path("result");
  }

  private JsonNode data(String pathAndQuery) {
    try {
      HttpResponse<String> response = get(pathAndQuery);
      JsonNode body = JSON.readTree(response.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new IllegalStateException(
            "prometheus answered " + response.statusCode() + " to " + pathAndQuery + ": " + body);
      }
      return body.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ask prometheus " + pathAndQuery, e);
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** The shell and prometheus, while they run. */
  public List<ProcessHandle> processes() {
    return process.processes();
  }

  @Override
  public void close() {
    process.stop();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String seconds(Instant t) {
    return Double.toString(t.toEpochMilli() / 1000.0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for prometheus", e);
    }
  }
}
