package dev.meshhook.load.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.harness.BoundedCommand;
import dev.meshhook.load.ledger.LoadIds;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same signed webhooks as the suite's, sent by autocannon (npm, {@code
 * scripts/install-autocannon.sh}) at the same rate over a few keep-alive connections: what the
 * engine answers in when connections are reused, beside Gatling's figure with a connection per
 * virtual user.
 */
final class KeepAlivePeer {
  /** autocannon's counts, and its latency percentiles in ms. */
  record Result(
      long sent, long ok, long non2xx, long errors, long timeouts, double p50, double p99) {
    static Result parse(String output) {
      for (String line : output.split("\n")) {
        if (line.startsWith("autocannon {")) {
          try {
            JsonNode n = new ObjectMapper().readTree(line.substring("autocannon ".length()));
            return new Result(
                n.path("sent").asLong(),
                n.path("2xx").asLong(),
                n.path("non2xx").asLong(),
                n.path("errors").asLong(),
                n.path("timeouts").asLong(),
                n.path("p50").asDouble(Double.NaN),
                n.path("p99").asDouble(Double.NaN));
          } catch (IOException e) {
            throw new IllegalStateException("unreadable autocannon result: " + line, e);
          }
        }
      }
      throw new IllegalStateException("no autocannon result in its output:\n" + output);
    }
  }

  private KeepAlivePeer() {}

  /**
   * Sends {@code rate} webhooks a second for {@code duration} over {@code connections} connections
   * to {@code baseUrl}; the webhooks and autocannon's output go into {@code out}.
   */
  static Result run(
      String baseUrl,
      Secret secret,
      WorkflowMix mix,
      double rate,
      Duration duration,
      int connections,
      Path out)
      throws IOException, InterruptedException {
    Path dir = Path.of("target", "autocannon").toAbsolutePath();
    exec(
        List.of("bash", "scripts/install-autocannon.sh"),
        out.resolve("autocannon-install.log"),
        600);
    Path requests = out.resolve("autocannon-webhooks.jsonl");
    // A fifth more than the rate needs: each webhook is sent once, and running out ends the run.
    long count = (long) Math.ceil(rate * duration.toSeconds() * 1.2) + 100;
    write(requests, secret, mix, count);
    String output =
        exec(
            List.of(
                "node",
                "scripts/bench-autocannon.mjs",
                dir.toString(),
                baseUrl,
                requests.toString(),
                String.valueOf((long) rate),
                String.valueOf(duration.toSeconds()),
                String.valueOf(connections)),
            out.resolve("autocannon.log"),
            duration.toSeconds() + 180);
    return Result.parse(output);
  }

  /** {@code count} webhooks as the suite's feeder makes them, each signed, one JSON per line. */
  private static void write(Path file, Secret secret, WorkflowMix mix, long count)
      throws IOException {
    WebhookSigner signer = new WebhookSigner(secret.reveal());
    WebhookFeeder feeder = new WebhookFeeder(new LoadIds(LoadIds.newRunTag(), "peer"), mix, 0);
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < count; i++) {
        Map<String, Object> record = feeder.next();
        String body = (String) record.get(WebhookFeeder.BODY);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(WebhookHeaders.LOAD_ID, (String) record.get(WebhookFeeder.LOAD_ID));
        headers.put(WebhookHeaders.SIGNATURE, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("path", "/api/hooks/" + record.get(WebhookFeeder.SLUG));
        request.put("headers", headers);
        request.put("body", body);
        w.write(json.writeValueAsString(request));
        w.write('\n');
      }
    }
  }

  /** Runs {@code command} from the project's folder, its output into {@code log}; returns it. */
  private static String exec(List<String> command, Path log, long timeoutSeconds)
      throws IOException, InterruptedException {
    BoundedCommand.Result result =
        BoundedCommand.run(command, log, Duration.ofSeconds(timeoutSeconds));
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + result.exitCode() + "; see " + log);
    }
    return result.output();
  }
}
