package dev.meshhook.load.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.engine.api.ApiTokens;
import dev.meshhook.load.engine.api.EngineServer;
import dev.meshhook.load.engine.api.LiveLogs;
import dev.meshhook.load.engine.api.ManagementApi;
import dev.meshhook.load.engine.faults.FaultInjector;
import dev.meshhook.load.engine.intake.Intake;
import dev.meshhook.load.engine.intake.IntakeCommitter;
import dev.meshhook.load.engine.intake.TokenBuckets;
import dev.meshhook.load.engine.metrics.EngineMetrics;
import dev.meshhook.load.engine.store.EngineDatabase;
import dev.meshhook.load.engine.work.HttpCaller;
import dev.meshhook.load.engine.work.Workers;
import dev.meshhook.load.engine.workflow.EngineDialect;
import dev.meshhook.load.engine.workflow.WorkflowCatalog;
import dev.meshhook.load.engine.workflow.WorkflowCatalog.Workflow;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/** The assembled reference engine: database, catalogue, intake, workers and HTTP server. */
final class Engine implements AutoCloseable {
  private final EngineDatabase database;
  private final WorkflowCatalog catalog;
  private final Workers workers;
  private final EngineServer server;
  private final ApiTokens tokens;
  private final LiveLogs liveLogs;
  private final IntakeCommitter committer;

  private Engine(
      EngineDatabase database,
      WorkflowCatalog catalog,
      Workers workers,
      EngineServer server,
      ApiTokens tokens,
      LiveLogs liveLogs,
      IntakeCommitter committer) {
    this.committer = committer;
    this.tokens = tokens;
    this.liveLogs = liveLogs;
    this.database = database;
    this.catalog = catalog;
    this.workers = workers;
    this.server = server;
  }

  /**
   * Starts the engine on its own PostgreSQL in {@code dataDir}, or, with {@code replicaOf} (a JDBC
   * URL), as a replica on the database another engine started and laid out.
   */
  static Engine start(
      EngineOptions options,
      Path dataDir,
      String replicaOf,
      WebhookSigner signer,
      Map<String, String> env)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    EngineMetrics metrics = new EngineMetrics();
    EngineDatabase database =
        replicaOf != null
            ? EngineDatabase.attach(
                replicaOf, options.poolSize(), options.intakeTimeout(), metrics.registry())
            : EngineDatabase.start(
                dataDir,
                options.poolSize(),
                options.intakeTimeout(),
                metrics.registry(),
                new EngineDatabase.Shape(
                    options.dialect() == EngineDialect.MESHHOOK, options.rls()));
    try {
      metrics.watchQueue(database.pool());
      if (options.dialect() == EngineDialect.MESHHOOK && database.ownsServer()) {
        WorkflowCatalog.storeAsGraphs(database.pool(), json);
      }
      WorkflowCatalog catalog = WorkflowCatalog.load(database.pool(), json);
      FaultInjector faults = new FaultInjector(options.fault(), options.faultEvery());
      HttpCaller http = new HttpCaller(json);
      LiveLogs liveLogs = new LiveLogs(database.pool(), json);
      Workers workers =
          new Workers(
              database.pool(),
              catalog,
              json,
              metrics,
              http,
              options.workers(),
              options.leaseDuration(),
              liveLogs::published,
              options.dialect(),
              faults.ignoresLeases());
      java.util.function.Consumer<java.util.UUID> queued =
          runId -> {
            workers.wake();
            liveLogs.published(runId);
          };
      IntakeCommitter committer = new IntakeCommitter(database.pool(), 2, queued);
      Intake intake =
          new Intake(
              database.pool(),
              catalog,
              signer,
              faults,
              new TokenBuckets(options.ratePerSecond(), options.rateBurst()),
              new Intake.Limits(
                  options.maxBodyBytes(),
                  options.idempotencyTtl(),
                  options.intakeTimeout(),
                  options.runDelay()),
              json,
              queued,
              committer,
              options.dialect() == EngineDialect.REFERENCE);
      ApiTokens tokens = ApiTokens.load(database.pool(), env);
      ManagementApi api =
          new ManagementApi(
              database.pool(),
              tokens,
              catalog,
              json,
              queued,
              liveLogs,
              options.dialect(),
              faults.ignoresTenant());
      EngineServer server =
          new EngineServer(options.port(), intake, api, database.pool(), metrics, json);
      server.start();
      http.pointAt(server.port());
      workers.start();
      return new Engine(database, catalog, workers, server, tokens, liveLogs, committer);
    } catch (Exception e) {
      database.close();
      throw e;
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  EngineDatabase database() {
    return database;
  }

  /** Project name to API token. */
  Map<String, String> apiTokens() {
    return tokens.byProject();
  }

  Collection<Workflow> workflows() {
    return catalog.all();
  }

  /** Stops taking requests first, then the workers, then the database. */
  @Override
  public void close() {
    liveLogs.close();
    server.close();
    committer.close();
    workers.close();
    database.close();
  }
}
