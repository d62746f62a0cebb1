package dev.meshhook.load.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.config.Connections;
import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.DatabaseSampler;
import dev.meshhook.load.evidence.OperationLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.ledger.InjectorMark;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.ledger.ProbeLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The load run's folder and what is written into it while the load lasts: the ledger, the operation
 * log, the engine's resource samples, the database's samples and run.json. All of it starts with
 * the first request, because Gatling creates the folder only when injection starts.
 */
final class LoadRecorder {
  private final SuiteConfig config;
  private final SuiteConfig.Shape shape;
  private final Class<?> simulation;
  private final long openedAtMillis;
  private final String runTag;
  private final TargetHandle target;
  private final Connections connections;
  private Path folder;
  private LoadLedger ledger;
  private OperationLog operations;
  private ProbeLedger probes;
  private ResourceSampler sampler;
  private DatabaseSampler databaseSampler;
  // This JVM's CPU counters at the first request (null before it).
  private SuiteCpu.Mark cpuAtFirstRequest;

  LoadRecorder(
      SuiteConfig config,
      SuiteConfig.Shape shape,
      Class<?> simulation,
      long openedAtMillis,
      String runTag,
      TargetHandle target,
      Connections connections) {
    this.connections = connections;
    this.config = config;
    this.shape = shape;
    this.simulation = simulation;
    this.openedAtMillis = openedAtMillis;
    this.runTag = runTag;
    this.target = target;
  }

  synchronized LoadLedger ledger() {
    if (ledger == null) {
      cpuAtFirstRequest = SuiteCpu.mark();
      folder =
          LoadFolder.locate(
              config.injectors().runsIn(config.reports().dir()),
              simulation,
              openedAtMillis,
              runTag);
      ledger = LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), runTag);
      operations = OperationLog.create(folder);
      if (config.sampling().enabled()) {
        Duration every = config.sampling().every();
        sampler = ResourceSampler.start(folder, target.baseUrls(), target::history, every);
        databaseSampler = DatabaseSampler.start(folder, target::history, every, databaseCores());
      }
      writeRunInfo();
    }
    return ledger;
  }

  synchronized OperationLog operations() {
    ledger();
    return operations;
  }

  /** The security probes' ledger, made by the first probe: only a profile that probes has one. */
  synchronized ProbeLedger probes() {
    ledger();
    if (probes == null) {
      probes = ProbeLedger.create(folder);
    }
    return probes;
  }

  /** Requests other than webhooks recorded so far: operations and probes. */
  synchronized long otherRequests() {
    return (operations == null ? 0 : operations.operationsWritten())
        + (probes == null ? 0 : probes.probesSent());
  }

  /**
   * This JVM's CPU counters when the first request was made (now, before it): the suite's cost per
   * request counts from here, leaving out its start, the engine's start and Gatling's own.
   */
  synchronized SuiteCpu.Mark cpuAtFirstRequest() {
    return cpuAtFirstRequest == null ? SuiteCpu.mark() : cpuAtFirstRequest;
  }

  /** The run folder, once the first request made it (null before). */
  synchronized Path folder() {
    return folder;
  }

  /** The load is over: the ledger and the operation log are complete. */
  synchronized void closeLoad() {
    ledger().close();
    operations.close();
    if (probes != null) {
      probes.close();
    }
  }

  /**
   * As one injector of a shared run, after {@link #closeLoad}: marks its share sent, for the merged
   * verification (a ledger without the mark is that of an injector that died).
   */
  synchronized void markInjectorFinished() {
    Injectors injectors = config.injectors();
    new InjectorMark(
            injectors.index(),
            injectors.count(),
            runTag,
            injectors.startAtEpochMs(),
            System.currentTimeMillis())
        .writeInto(folder);
  }

  synchronized void stopSampling() {
    if (sampler != null) {
      sampler.close();
    }
    if (databaseSampler != null) {
      databaseSampler.close();
    }
  }

  /**
   * The cores the target's PostgreSQL runs on: this machine's for the embedded engine (its server
   * listens on loopback here); unknown for a deployment, since SQL cannot tell.
   */
  private double databaseCores() {
    return target.embedded() ? Runtime.getRuntime().availableProcessors() : Double.NaN;
  }

  synchronized void close() {
    if (ledger != null) {
      closeLoad();
    }
    stopSampling();
  }

  /** What a later re-verification needs to find the database again; no secret is written. */
  private void writeRunInfo() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode info = json.createObjectNode();
    info.put("runTag", runTag);
    info.put("simulation", simulation.getSimpleName());
    info.put("startedAt", Instant.ofEpochMilli(openedAtMillis).toString());
    info.put("target", String.join(",", target.baseUrls()));
    info.put("embedded", target.embedded());
    info.put("fault", config.engine().fault().flag());
    info.put("quick", config.quick());
    // How the load's virtual users held their connections (http.connections).
    info.put("connections", connections.flag());
    info.set("thresholds", json.valueToTree(shape.thresholds()));
    info.put("warnMargin", config.warnMargin());
    Injectors injectors = config.injectors();
    if (injectors.shared()) {
      info.putObject("injectors")
          .put("index", injectors.index())
          .put("count", injectors.count())
          .put("startAt", injectors.startAtEpochMs());
    }
    EngineProcess engine = target.engine();
    if (engine != null) {
      info.put("engineDataDir", engine.ready().dataDir().toString());
      info.put("engineLog", engine.log().toString());
    } else {
      info.put("jdbcUrl", config.target().jdbcUrl());
      info.put("dbUser", config.target().dbUser());
    }
    try {
      Files.writeString(folder.resolve("run.json"), info.toPrettyString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
