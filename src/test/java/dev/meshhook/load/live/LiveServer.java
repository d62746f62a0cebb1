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

/**
 * Serves the suite's {@link LiveMetrics} on loopback while a run lasts, for Prometheus to scrape:
 * {@code GET /metrics}. The JDK's own HTTP server, one thread: a scrape every few seconds is all it
 * serves, and nothing of the load goes through it.
 */
public final class LiveServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService thread;
  private final Scrapes scrapes;

  /**
   * The scrapes served: each numbered when it starts, before it reads the metrics, so that "a
   * scrape after now" means one whose figures were read after now, not one that was only written
   * out after now.
   */
  private static final class Scrapes {
    private long started;
    private long newestFinished;
    private long lastNanos;

    synchronized long start() {
      lastNanos = System.nanoTime();
      return ++started;
    }

    synchronized void finished(long number) {
      newestFinished = Math.max(newestFinished, number);
      notifyAll();
    }
  }

  private LiveServer(HttpServer server, ExecutorService thread, Scrapes scrapes) {
    this.server = server;
    this.thread = thread;
    this.scrapes = scrapes;
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port). */
  public static LiveServer start(LiveMetrics metrics, int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      Scrapes scrapes = new Scrapes();
      server.createContext(
          "/metrics",
          exchange -> {
            long number = scrapes.start();
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
            scrapes.finished(number);
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
      return new LiveServer(server, thread, scrapes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve live metrics on loopback port " + port, e);
    }
  }

  /** The loopback port served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Once the verdict is in: when something scrapes regularly (the last scrape began less than
   * {@code wait} ago), waits up to {@code wait} for a scrape that reads the metrics after this call
   * and is served in full, so that Prometheus (and the dashboard) holds the final counts and not
   * those of a few seconds before the end. Nobody scraped, or only a curl long ago: returns at
   * once.
   */
  public void awaitFinalScrape(Duration wait) throws InterruptedException {
    synchronized (scrapes) {
      long after = scrapes.started;
      if (after == 0 || wait.isZero() || System.nanoTime() - scrapes.lastNanos > wait.toNanos()) {
        return;
      }
      System.out.println(
          "live metrics: waiting up to "
              + wait.toSeconds()
              + " s for a final scrape (live.finalScrapeWait)");
      long deadline = System.nanoTime() + wait.toNanos();
      long left;
      while (scrapes.newestFinished <= after && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(scrapes, left);
      }
      System.out.println(
          scrapes.newestFinished > after
              ? "live metrics: final counts scraped"
              : "live metrics: no scrape within "
                  + wait.toSeconds()
                  + " s; the final counts may be missing from Prometheus");
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}
