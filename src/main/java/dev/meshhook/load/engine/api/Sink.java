package dev.meshhook.load.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loopback endpoint {@code http_call} steps talk to: {@code POST /sink/<name>} echoes what it
 * received. A sink named {@code flaky-N} answers 503 to the first N attempts of each run's step, so
 * retries and backoff show in real events; one named {@code slow-N} answers after N ms (10 s at
 * most), so a test can find a step in flight and crash the engine under it.
 */
public final class Sink {
  private static final Pattern FLAKY = Pattern.compile("flaky-(\\d+)");
  private static final Pattern SLOW = Pattern.compile("slow-(\\d{1,5})");
  private static final long MAX_SLOW_MS = 10_000;

  private final ObjectMapper json;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  Sink(ObjectMapper json) {
    this.json = json;
  }

  void receive(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    Matcher flaky = FLAKY.matcher(name);
    if (flaky.matches()) {
      String key = ctx.header("X-MeshHook-Run-Id") + "/" + ctx.header("X-MeshHook-Step");
      int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if (attempt <= Integer.parseInt(flaky.group(1))) {
        ctx.status(503)
            .contentType("application/json")
            .result("{\"error\":\"flaky sink\",\"attempt\":" + attempt + "}");
        return;
      }
      attempts.remove(key);
    }
    Matcher slow = SLOW.matcher(name);
    if (slow.matches()) {
      try {
        Thread.sleep(Math.min(MAX_SLOW_MS, Long.parseLong(slow.group(1))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    JsonNode received;
    try {
      received = json.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      received = json.getNodeFactory().textNode(ctx.body());
    }
    ObjectNode answer =
        json.createObjectNode().put("sink", name).put("at", Instant.now().toString());
    answer.set("received", received);
    ctx.contentType("application/json").result(answer.toString());
  }
}
