package dev.meshhook.load.run;

import dev.meshhook.load.config.Connections;
import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.feeders.WebhookProbes;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.figures.LoadProfile;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.ledger.LoadIds;
import dev.meshhook.load.live.LiveMetrics;
import dev.meshhook.load.live.LiveServer;
import dev.meshhook.load.live.ScrapeTargets;
import dev.meshhook.load.report.Baseline;
import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.verification.Verification;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One load run of a simulation, put together: its validated config and profile, its load ids and
 * signer, the target ({@link TargetHandle}), the run folder ({@link LoadRecorder}), the Gatling
 * hooks, the tenants, the chaos actions and the verification. Simulations hold one in a static
 * field and hand each chain the parts it uses (a feeder, the hooks, the shape, ...), never the run;
 * {@link #before(Part...)} starts the parts that need stopping and {@link #after()} stops them in
 * reverse.
 */
public final class LoadRun<S extends SuiteConfig.Shape> {
  private final Class<?> simulation;
  private final SuiteConfig config;
  private final S shape;
  private final Connections connections;
  private final WorkflowMix mix;
  private final LoadIds ids;
  private final TargetHandle target;
  private final LoadRecorder recorder;
  private final GatlingHooks hooks;
  private final LiveMetrics live;
  private final ProbeHooks probes;
  private final int probeBodyLimit;
  private final ChaosActions chaos;
  private final ScaleOut scaleOut;
  private final LoadVerification<S> verification;
  private final Tenants tenants;
  // What started, stopped in reverse by after().
  private final StartedParts started = new StartedParts();

  private LoadRun(Class<?> simulation, SuiteConfig config, LoadProfile<S> profile) {
    long openedAtMillis = System.currentTimeMillis();
    this.simulation = simulation;
    this.config = config;
    Baseline.checkPinned(config.regression());
    LoadProfiles.validate(config);
    this.shape = profile.shapeIn(config);
    this.connections = profile.connectionsIn(config);
    this.mix = WorkflowMix.load(config.feeder().workflows());
    Injectors injectors = config.injectors();
    String injector =
        injectors.shared()
            ? Integer.toString(injectors.index())
            : config.feeder().injector().isBlank()
                ? LoadIds.defaultInjector()
                : config.feeder().injector();
    if (!injector.matches("[A-Za-z0-9.]+")) {
      throw new ConfigError("feeder.injector", injector, "letters, digits and dots only");
    }
    this.ids = new LoadIds(injectors.shared() ? injectors.runTag() : LoadIds.newRunTag(), injector);
    Secret secret =
        config.target().webhookSecret().isEmpty()
            ? Secret.random()
            : config.target().webhookSecret();
    if (shape.scalesTheEngine() && !config.target().embedded()) {
      throw new ConfigError(
          "target.url",
          config.target().url(),
          "empty (the embedded engine) for "
              + simulation.getSimpleName()
              + ", which starts the replicas it measures; against a deployment, run -Pstress once"
              + " per replica count");
    }
    this.target = new TargetHandle(config, secret, shape.replicaCounts(config.target().replicas()));
    this.recorder =
        new LoadRecorder(
            config, shape, simulation, openedAtMillis, ids.runTag(), target, connections);
    WebhookSigner signer = new WebhookSigner(secret.reveal());
    // Signs with a secret that is not the target's: what a wrongly signed webhook carries.
    WebhookSigner otherSecret = new WebhookSigner(secret.reveal() + "-not");
    this.live =
        config.live().enabled()
            ? LiveMetrics.on(ids.runTag(), injector, simulation.getSimpleName())
            : LiveMetrics.off();
    // Made first of the parts that need stopping, so stopped last: everything else reports to it.
    started.push(live::close);
    RecentRuns recentRuns = new RecentRuns(1024);
    this.hooks =
        new GatlingHooks(
            recorder, signer, otherSecret, recentRuns, live, target.baseUrls(), connections);
    this.tenants = new Tenants(mix, recentRuns, target);
    // The target's body limit for body-over-limit probes: given, or the embedded engine's own.
    int givenBodyLimit = LoadProfiles.SECURITY.shapeIn(config).maxBodyBytes();
    this.probeBodyLimit =
        givenBodyLimit > 0
            ? givenBodyLimit
            : target.embedded() ? config.engine().maxBodyBytes() : 0;
    this.probes =
        new ProbeHooks(
            recorder::probes,
            System::currentTimeMillis,
            new WebhookProbes(signer, otherSecret, probeBodyLimit),
            live);
    this.chaos = new ChaosActions(target, recorder, ids.prefix());
    this.scaleOut = new ScaleOut(target, recorder, ids.prefix());
    this.verification =
        new LoadVerification<>(
            config,
            shape,
            profile.figuresIn(config),
            profile.availabilityIn(config),
            simulation,
            openedAtMillis,
            ids,
            target,
            recorder,
            chaos,
            live);
  }

  /**
   * Reads and validates the configuration; a bad value stops here, before any process starts or
   * request is sent, with one line naming key, value and what is allowed.
   */
  public static <S extends SuiteConfig.Shape> LoadRun<S> open(
      Class<?> simulation, LoadProfile<S> profile) {
    if (!simulation.getSimpleName().equals(profile.simulation())) {
      throw new IllegalArgumentException(
          simulation.getSimpleName() + " opened the profile of " + profile.simulation());
    }
    try {
      return new LoadRun<>(simulation, SuiteConfig.load(), profile);
    } catch (ConfigError e) {
      System.err.println(e.getMessage());
      throw e;
    }
  }

  /** The whole configuration, for what a profile reads of another's block (mixed: live logs). */
  public SuiteConfig config() {
    return config;
  }

  /**
   * This JVM's share among the injectors of the run: the simulations scale their rates and users by
   * it (alone, it is the whole).
   */
  public Injectors injectors() {
    return config.injectors();
  }

  /** The profile's load shape and thresholds (its quick variant with -Dquick=true). */
  public S shape() {
    return shape;
  }

  /**
   * Every replica's URL, the first the management API's: the protocol spreads webhooks over them.
   */
  public List<String> baseUrls() {
    return target.baseUrls();
  }

  /**
   * How the virtual users hold their connections to the target ({@code http.connections}, or the
   * profile's own {@code <profile>.connections}).
   */
  public Connections connections() {
    return connections;
  }

  /** A feeder of signed webhooks: load id, tenant, workflow, body; a new one per chain. */
  public WebhookFeeder feeder() {
    return new WebhookFeeder(ids, mix, config.feeder().badSignatureEvery());
  }

  /** The ledger and operation-log hooks the chains call around each request. */
  public GatlingHooks hooks() {
    return hooks;
  }

  /** The target's tenants: one at random, their recent runs, their API tokens. */
  public Tenants tenants() {
    return tenants;
  }

  /** What a chaos run may do to the embedded engine and its database. */
  public ChaosActions chaos() {
    return chaos;
  }

  /** What a scaling run does between two replica counts. */
  public ScaleOut scaleOut() {
    return scaleOut;
  }

  /** The drain, verification and regression check after the load. */
  public LoadVerification<S> verification() {
    return verification;
  }

  /** The security probes' hooks: probe ledger, headers of webhook probes ({@link ProbeParts}). */
  ProbeHooks probes() {
    return probes;
  }

  /** The target's webhook body limit in bytes, or 0 when it is not known (not probed then). */
  int probeBodyLimit() {
    return probeBodyLimit;
  }

  /** The workflow mix: tenants, workflows and payloads. */
  WorkflowMix mix() {
    return mix;
  }

  /** The run's load ids: a probe's id comes from the sequence the webhooks use, so none collide. */
  LoadIds ids() {
    return ids;
  }

  /**
   * A part a simulation starts beside the run's own (a chaos run's fault schedule): started last,
   * once the target is up and the load is about to start, and so stopped first.
   */
  @FunctionalInterface
  public interface Part {
    /** Starts the part; returns what stops it. */
    AutoCloseable start();
  }

  /**
   * Starts the embedded engine (or checks the deployment) and proves the workflow mix exists there,
   * then the live metrics' server, then {@code startedWithTheLoad}; each part is pushed onto the
   * stack {@link #after()} stops in reverse. A part that fails to start stops what started before
   * it, and the run fails.
   */
  public void before(Part... startedWithTheLoad) {
    try {
      startTarget();
      if (live.enabled()) {
        startLiveServer();
      }
      StartBarrier.await(config.injectors(), System::currentTimeMillis);
      System.out.println("profile " + simulation.getSimpleName() + ": " + shape);
      System.out.println(allowances());
      System.out.println(
          "run tag "
              + ids.runTag()
              + ": load ids "
              + ids.prefix()
              + "*, fault "
              + config.engine().fault().flag()
              + (target.embedded() ? "" : " (faults apply to the embedded engine only)"));
      // Its ledger, logs and samplers start with the first request, after this: stopped first of
      // the run's own parts, while the engine it samples still runs.
      started.push(recorder::close);
      for (Part part : startedWithTheLoad) {
        started.push(part.start());
      }
    } catch (RuntimeException e) {
      // The engine may be up by now: stopped, with whatever else started, before the run fails.
      try {
        after();
      } catch (RuntimeException stopping) {
        e.addSuppressed(stopping);
      }
      throw e;
    }
  }

  private void startTarget() {
    // Pushed before the start: one that fails half way (a replica that would not start) still
    // stops what it started; stopping an engine that never started does nothing.
    started.push(target::stop);
    Set<String> published = target.start(shape.engine(config.engine()), ids.runTag());
    try {
      // Before the first request: a role that cannot see the rows would call every run missing.
      java.util.Optional<String> blind = target.blindSpots();
      if (blind.isPresent()) {
        throw new ConfigError(
            "target.dbUser",
            target.checkerRole(),
            "a role that sees every row the checker judges, but " + blind.get());
      }
      mix.requireKnown(published, config.feeder().workflows());
    } catch (ConfigError e) {
      System.err.println(e.getMessage());
      throw e;
    }
  }

  private void startLiveServer() {
    SuiteConfig.Live settings = config.live();
    LiveServer server = started.push(LiveServer.start(live, settings.port()));
    live.stairs(shape::stairAt);
    started.push(
        ScrapeTargets.write(
            settings.targetsDir(),
            ids.runTag(),
            ids.injector(),
            server.port(),
            target.baseUrl(),
            settings.engineMetricsPath()));
    // Stopped before the scrape targets go and before the engine stops, so that Prometheus may
    // still scrape the engine's last figures too (on its own schedule: only the suite's final
    // scrape is waited for).
    started.push(() -> server.awaitFinalScrape(settings.finalScrapeWait()));
    System.out.println(
        "live metrics: "
            + server.url()
            + " (Prometheus text; live.enabled=false: off); scrape targets in "
            + settings.targetsDir());
  }

  private String allowances() {
    SuiteConfig.Allowed allow = config.verify().allow();
    return "allows: "
        + allow.failed()
        + " failed, "
        + allow.stuck()
        + " stuck, "
        + allow.missing()
        + " missing, "
        + allow.duplicated()
        + " duplicated, "
        + allow.orphan()
        + " orphan, "
        + allow.eventLog()
        + " event-log, "
        + allow.unexpected()
        + " unexpected runs (verify.allow.*); answers: "
        + (shape.allowsShedding()
            ? "the expected status, or 429/503 with Retry-After (load shed politely)"
            : "the expected status only");
  }

  /**
   * Stops what the run started, in the reverse of its start: the parts started with the load, the
   * recorder (ledger, logs, sampling), the final scrape, the scrape targets, the live server, the
   * engine process and its database, the live metrics; each one even when another failed to stop.
   * Then adds Gatling's own webhook figures to the reports (its simulation.log is complete only
   * now), and throws the first failure to stop, if any. Safe to call twice.
   */
  public void after() {
    RuntimeException stopping = null;
    try {
      started.close();
    } catch (RuntimeException e) {
      stopping = e;
    }
    Path folder = recorder.folder();
    if (folder != null) {
      try {
        var ledger = verification.ledger();
        if (ledger.isPresent()) {
          Verification.compareLatency(folder, ledger.get());
        } else {
          Verification.compareLatency(folder);
        }
      } catch (RuntimeException e) {
        System.out.println("webhook latency: not compared with Gatling's - " + e.getMessage());
      }
    }
    if (stopping != null) {
      throw stopping;
    }
  }
}
