package dev.meshhook.load.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.engine.intake.Intake;
import dev.meshhook.load.engine.metrics.EngineMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The engine's HTTP face on loopback, on Javalin (Jetty): webhook intake, run status, health and
 * metrics. Shutdown drains: new webhooks get 503 while in-flight requests finish.
 */
public final class EngineServer implements AutoCloseable {
  private static final String STARTED = "meshhook.started";

  private final Javalin app;
  private final Intake intake;
  private final DataSource db;
  private final EngineMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Sink sink;
  private volatile boolean draining;
  static final long REFUSE_BEFORE_STOP_MS = 500;

  public EngineServer(
      int port,
      Intake intake,
      ManagementApi api,
      DataSource db,
      EngineMetrics metrics,
      ObjectMapper json) {
    this.intake = intake;
    this.db = db;
    this.metrics = metrics;
    this.sink = new Sink(json);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jetty.defaultHost = "127.0.0.1";
              config.jetty.defaultPort = port;
              // The intake enforces its own limit while reading; Javalin's must not cut in first.
              config.http.maxRequestSize = Long.MAX_VALUE;
            });
    app.before(
        ctx -> {
          inFlight.incrementAndGet();
          ctx.attribute(STARTED, System.nanoTime());
        });
    app.after(
        ctx -> {
          inFlight.decrementAndGet();
          Long started = ctx.attribute(STARTED);
          metrics.answered(
              ctx.statusCode(),
              started == null ? 0 : System.nanoTime() - started,
              ctx.path().startsWith("/api/hooks/"));
        });
    app.post("/api/hooks/{slug}", this::hook);
    app.get("/api/runs", api::listRuns);
    app.get("/api/runs/{id}", api::getRun);
    app.post("/api/runs/{id}/resume", api::resume);
    app.get("/api/runs/{id}/logs", api::logs);
    app.get("/api/workflows", api::listWorkflows);
    app.post("/api/workflows", api::publish);
    app.get("/health", this::health);
    app.post("/sink/{name}", sink::receive);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.exception(
        Exception.class,
        (e, ctx) -> error(ctx, 500, "internal error", String.valueOf(e.getMessage())));
  }

  /**
   * Starts Jetty, then counts every TCP connection its connectors accept from then on, for {@code
   * meshhook_http_connections_opened_total}: how many connections the clients opened, which tells a
   * client that reuses its connections from one that opens one per request.
   */
  public void start() {
    app.start();
    for (org.eclipse.jetty.server.Connector connector :
        app.jettyServer().server().getConnectors()) {
      connector.addEventListener(
          new org.eclipse.jetty.io.Connection.Listener() {
            @Override
            public void onOpened(org.eclipse.jetty.io.Connection connection) {
              metrics.connectionOpened();
            }

            @Override
            public void onClosed(org.eclipse.jetty.io.Connection connection) {}
          });
    }
  }

  public int port() {
    return app.port();
  }

  private void hook(Context ctx) throws Exception {
    if (draining) {
      ctx.header("Retry-After", "1");
      error(ctx, 503, "unavailable", "the engine is shutting down");
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Enumeration<String> names = ctx.req().getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      headers.put(name.toLowerCase(Locale.ROOT), ctx.req().getHeader(name));
    }
    Intake.Answer answer =
        intake.accept(
            new Intake.Webhook(ctx.pathParam("slug"), headers, ctx.req().getInputStream()));
    if (answer.none()) {
      // The no-answer fault: the run is committed, and the connection goes down before any byte
      // of an answer, as when an engine dies between its commit and its 202.
      org.eclipse.jetty.server.Request.getBaseRequest(ctx.req())
          .getHttpChannel()
          .abort(new java.io.IOException("engine.fault=no-answer: no answer on purpose"));
      return;
    }
    answer.headers().forEach(ctx::header);
    ctx.status(answer.status()).contentType("application/json").result(answer.body());
  }

  private void health(Context ctx) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      ctx.contentType("application/json").result("{\"status\":\"ok\",\"database\":\"up\"}");
    } catch (SQLException e) {
      ctx.status(503)
          .contentType("application/json")
          .result("{\"status\":\"degraded\",\"database\":\"down\"}");
    }
  }

  private static void error(Context ctx, int status, String error, String detail) {
    Http.error(ctx, status, error, detail);
  }

  /**
   * Refuses new webhooks with 503 and Retry-After for at least {@link #REFUSE_BEFORE_STOP_MS}, and
   * until in-flight requests finish (5 s at most), then stops Jetty. The refusing window lets a
   * client or a load balancer see "not now, retry" instead of a port that closed under it.
   */
  @Override
  public void close() {
    draining = true;
    long refuseUntil = System.nanoTime() + REFUSE_BEFORE_STOP_MS * 1_000_000L;
    long deadline = System.nanoTime() + 5_000_000_000L;
    while ((inFlight.get() > 0 || System.nanoTime() < refuseUntil)
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    app.stop();
  }
}
