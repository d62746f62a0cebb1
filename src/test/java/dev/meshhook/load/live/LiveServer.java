package dev.meshhook.load.live;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves the suite's {@link LiveMetrics} on loopback while a run lasts, for Prometheus to scrape:
 * {@code GET /metrics}. The JDK's own HTTP server, one thread: a scrape every few seconds is all it
 * serves, and nothing of the load goes through it.
 */
public final class LiveServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService thread;
  private final AtomicLong scrapes;
  private final AtomicLong lastScrape;

  private LiveServer(
      HttpServer server, ExecutorService thread, AtomicLong scrapes, AtomicLong lastScrape) {
    this.server = server;
    this.thread = thread;
    this.scrapes = scrapes;
    this.lastScrape = lastScrape;
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port). */
  public static LiveServer start(LiveMetrics metrics, int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      AtomicLong scrapes = new AtomicLong();
      AtomicLong lastScrape = new AtomicLong();
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
            synchronized (scrapes) {
              lastScrape.set(System.nanoTime());
              scrapes.incrementAndGet();
              scrapes.notifyAll();
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
      return new LiveServer(server, thread, scrapes, lastScrape);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve live metrics on loopback port " + port, e);
    }
  }

  /** The loopback port served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Once the verdict is in: when something scraped during the run, waits up to {@code wait} for one
   * more scrape, so that Prometheus (and the dashboard) holds the final counts and not those of a
   * few seconds before the end. Nobody scraped: returns at once.
   */
  public void awaitFinalScrape(Duration wait) throws InterruptedException {
    synchronized (scrapes) {
      long seen = scrapes.get();
      if (seen == 0 || wait.isZero() || System.nanoTime() - lastScrape.get() > wait.toNanos()) {
        return;
      }
      System.out.println(
          "live metrics: waiting up to "
              + wait.toSeconds()
              + " s for a final scrape (live.finalScrapeWait)");
      long deadline = System.nanoTime() + wait.toNanos();
      long left;
      while (scrapes.get() == seen && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(scrapes, left);
      }
      System.out.println(
          scrapes.get() > seen
              ? "live metrics: final counts scraped"
              : "live metrics: no scrape within "
                  + wait.toSeconds()
                  + " s; the final counts may be missing from Prometheus");
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
