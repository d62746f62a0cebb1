package dev.meshhook.load.live;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the suite's {@link LiveMetrics} on loopback while a run lasts, for Prometheus to scrape:
 * {@code GET /metrics}. The JDK's own HTTP server, one thread: a scrape every few seconds is all it
 * serves, and nothing of the load goes through it.
 */
public final class LiveServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService thread;

  private LiveServer(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port). */
  public static LiveServer start(LiveMetrics metrics, int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      server.createContext(
          "/metrics",
          exchange -> {
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      ExecutorService thread =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "live-metrics");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(thread);
      server.start();
      return new LiveServer(server, thread);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve live metrics on loopback port " + port, e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
