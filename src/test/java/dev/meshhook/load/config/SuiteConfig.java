package dev.meshhook.load.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole of {@code application.conf}, read once and validated. Nothing else in the suite reads
 * system properties or the environment: application.conf maps the environment variables, and
 * typesafe-config lets any {@code -Dkey=value} override a key.
 */
public record SuiteConfig(
    Target target,
    EngineOptions engine,
    Feeder feeder,
    Injectors injectors,
    Verify verify,
    boolean quick,
    double warnMargin,
    ProfileBlocks profiles,
    Sampling sampling,
    Live live,
    Reports reports,
    Regression regression) {

  /**
   * Server-side sampling during the load: the engine's {@code /metrics}, the database's views and
   * the injector's CPU, every {@code every}. Off only to measure what sampling costs: the
   * bottleneck analysis then has nothing to judge and says unknown.
   */
  public record Sampling(boolean enabled, Duration every) {}

  /** What every profile's shape has: the thresholds its webhook answers are classified by. */
  public interface Shape {
    Thresholds thresholds();

    /** Whether 429 and 503 with Retry-After are acceptable answers (load shed politely). */
    default boolean allowsShedding() {
      return false;
    }

    /** Whether the profile sends security probes, so its run must leave a probe ledger. */
    default boolean sendsProbes() {
      return false;
    }

    /**
     * Whether the thresholds judge the whole run's webhook answers (else the profile's own figures
     * do).
     */
    default boolean wholeRunThresholds() {
      return true;
    }

    /** The embedded engine's settings for this profile. */
    default EngineOptions engine(EngineOptions base) {
      return base;
    }

    /**
     * The embedded engine's replica counts the run goes through, in order: the first is started
     * with the engine, each next one's replicas are added while the run goes on. One count, the
     * configured {@code engine.replicas}, for every profile but scaling.
     */
    default List<Integer> replicaCounts(int configured) {
      return List.of(configured);
    }

    /**
     * Whether the profile starts engine replicas itself while it runs, which only the embedded
     * engine allows.
     */
    default boolean scalesTheEngine() {
      return false;
    }

    /** A request timeout of the profile's own, instead of gatling.conf's. */
    default java.util.Optional<Duration> ownRequestTimeout() {
      return java.util.Optional.empty();
    }

    /**
     * For a profile of stairs, the stair {@code sinceFirstRequest} is on (1 = the lowest, 0 = after
     * the stairs); empty for a profile without stairs.
     */
    default java.util.OptionalInt stairAt(Duration sinceFirstRequest) {
      return java.util.OptionalInt.empty();
    }
  }

  /**
   * Base rate, a burst of {@code factor} times it, base rate again. Recovery is the time from the
   * burst's end until the answers' per-second p99 is back within the warn margin of the base p99.
   */
  public record SpikeShape(
      double rate,
      double factor,
      Duration baseDuration,
      Duration burstDuration,
      int maxRecoverySeconds,
      Thresholds thresholds)
      implements Shape {

    /** The spike block; in quick mode its quick block's durations, within the quick limit. */
    public static SpikeShape read(Settings s, boolean quick) {
      return spikeShape(s, quick);
    }
  }

  /**
   * An open-model shape that ramps from 1/s to {@code rate}, then holds it for {@code duration}.
   */
  public interface SteadyShape extends Shape {
    double rate();

    java.time.Duration rampDuration();

    java.time.Duration duration();
  }

  /**
   * Where the load goes. No {@code urls} means: start the embedded reference engine, as {@code
   * replicas} engine processes on its one database. Several URLs are the replicas of one
   * deployment; {@link #url} is the first, which takes the management API's and the probes' calls.
   */
  public record Target(
      List<String> urls,
      String jdbcUrl,
      String dbUser,
      Secret dbPassword,
      Secret webhookSecret,
      Secret apiTokens,
      boolean allowNonLoopback,
      int replicas) {
    public boolean embedded() {
      return urls.isEmpty();
    }

    /** The first URL; empty for the embedded engine. */
    public String url() {
      return urls.isEmpty() ? "" : urls.get(0);
    }
  }

  public record Feeder(String workflows, int badSignatureEvery, String injector) {}

  /**
   * How the check runs; {@code reExecute} also runs every run's definition again over its events,
   * which reads every payload (a pass of its own: off only for runs too large to wait for).
   */
  public record Verify(
      Duration drainTimeout,
      int examples,
      Allowed allow,
      boolean reExecute,
      DialectSetting dialect,
      boolean sharedTarget) {
    public Verify(Duration drainTimeout, int examples, Allowed allow) {
      this(drainTimeout, examples, allow, true, DialectSetting.AUTO);
    }

    public Verify(Duration drainTimeout, int examples, Allowed allow, boolean reExecute) {
      this(drainTimeout, examples, allow, reExecute, DialectSetting.AUTO);
    }

    /** A dedicated target: runs in the load window that no request accounts for are counted. */
    public Verify(
        Duration drainTimeout,
        int examples,
        Allowed allow,
        boolean reExecute,
        DialectSetting dialect) {
      this(drainTimeout, examples, allow, reExecute, dialect, false);
    }
  }

  /**
   * {@code verify.dialect}: how the target writes steps, retries and definitions. {@code auto}
   * looks at the run tag's events and the definitions and says what it chose and why; {@code
   * contract} judges the contract level only.
   */
  public enum DialectSetting {
    AUTO,
    REFERENCE,
    MESHHOOK,
    CONTRACT;

    public String flag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How many of each anomaly a profile tolerates; every default is 0. */
  public record Allowed(
      int failed,
      int stuck,
      int missing,
      int duplicated,
      int orphan,
      int eventLog,
      int unexpected,
      int replay,
      int unreadableStepEvent) {
    /** Nothing tolerated: every default. */
    public static final Allowed NONE = new Allowed(0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * An open-model load shape: a linear ramp from 1/s to {@code rate}, then {@code rate} for {@code
   * duration}. With {@code quick}, a profile's {@code quick} block replaces the durations.
   */
  public record OpenShape(
      double rate, Duration rampDuration, Duration duration, Thresholds thresholds)
      implements SteadyShape {

    /**
     * The open shape of {@code block}: its durations within {@code maxDuration}, or with {@code
     * quick} its quick block's, within the quick limit.
     */
    public static OpenShape read(Settings s, String block, boolean quick, Duration maxDuration) {
      return openShape(s, block, quick, maxDuration);
    }
  }

  /** What a profile's webhook answers must meet; classification warns within the warn margin. */
  public record Thresholds(
      int p95Ms, int p99Ms, double maxFailedPercent, double minSuccessPercent) {}

  /**
   * Where run folders go, and how many of them to keep (0: all); the run index's history is never
   * pruned.
   */
  public record Reports(Path dir, int keep) {}

  /**
   * The live metrics: served or not, on which loopback port, where Prometheus finds them (file-SD
   * targets), the engine's metrics path ("" for none), and the wait for a final scrape.
   */
  public record Live(
      boolean enabled,
      int port,
      Path targetsDir,
      String engineMetricsPath,
      Duration finalScrapeWait) {}

  /** Reads application.conf with every -D override applied. */
  public static SuiteConfig load() {
    ConfigFactory.invalidateCaches();
    return from(ConfigFactory.load());
  }

  public static SuiteConfig from(Config config) {
    Settings s = new Settings(config);
    Target target =
        new Target(
            s.httpUrls("target.url", true),
            s.jdbcUrl("target.jdbcUrl", true),
            s.string("target.dbUser"),
            new Secret(s.string("target.dbPassword")),
            new Secret(s.string("target.webhookSecret")),
            new Secret(s.string("target.apiTokens")),
            s.bool("target.allowNonLoopback"),
            s.intBetween("engine.replicas", 1, MAX_REPLICAS));
    if (!target.embedded()) {
      if (target.jdbcUrl().isEmpty()) {
        throw new ConfigError(
            "target.jdbcUrl",
            "",
            "a JDBC URL (TARGET_JDBC_URL) whenever TARGET_URL is set: the checker needs the database");
      }
      if (target.webhookSecret().isEmpty()) {
        throw new ConfigError(
            "target.webhookSecret",
            "",
            "the deployment's secret (WEBHOOK_SECRET) whenever TARGET_URL is set");
      }
      for (String url : target.urls()) {
        if (!target.allowNonLoopback() && !isLoopback(url)) {
          throw new ConfigError(
              "target.url",
              String.join(",", target.urls()),
              "a loopback address (127.0.0.0/8, ::1, localhost)"
                  + (target.urls().size() > 1 ? " for every URL, which " + url + " is not" : "")
                  + "; set -Dtarget.allowNonLoopback=true to load another host on purpose");
        }
      }
    }
    EngineOptions engine = EngineOptions.read(config);
    Feeder feeder =
        new Feeder(
            s.string("feeder.workflows"),
            s.intAtLeast("feeder.badSignatureEvery", 0),
            s.string("feeder.injector"));
    Verify verify =
        new Verify(
            s.duration("verify.drainTimeout", Duration.ofSeconds(1), Duration.ofHours(6)),
            s.intAtLeast("verify.examples", 1),
            new Allowed(
                s.intAtLeast("verify.allow.failed", 0),
                s.intAtLeast("verify.allow.stuck", 0),
                s.intAtLeast("verify.allow.missing", 0),
                s.intAtLeast("verify.allow.duplicated", 0),
                s.intAtLeast("verify.allow.orphan", 0),
                s.intAtLeast("verify.allow.eventLog", 0),
                s.intAtLeast("verify.allow.unexpected", 0),
                s.intAtLeast("verify.allow.replay", 0),
                s.intAtLeast("verify.allow.unreadableStepEvent", 0)),
            s.bool("verify.reExecute"),
            s.choice("verify.dialect", DialectSetting.class, DialectSetting::flag),
            s.bool("verify.sharedTarget"));
    boolean quick = s.bool("quick");
    double warnMargin = s.between("classification.warnMargin", 0, 1);
    Reports reports =
        new Reports(
            Path.of(s.string("reports.dir")).toAbsolutePath().normalize(),
            s.intAtLeast("reports.keep", 0));
    return new SuiteConfig(
        target,
        engine,
        feeder,
        Injectors.read(s, target, System.currentTimeMillis()),
        verify,
        quick,
        warnMargin,
        new ProfileBlocks(s, quick),
        new Sampling(
            s.bool("resources.enabled"),
            s.duration("resources.sampleEvery", Duration.ofMillis(100), Duration.ofMinutes(10))),
        live(s, reports),
        reports,
        Regression.read(s));
  }

  /** Engine processes on one embedded database: each a JVM of its own on this machine. */
  static final int MAX_REPLICAS = 8;

  /** Quick mode: the same shape in at most this much injection time. */
  static final Duration QUICK_LIMIT = Duration.ofSeconds(60);

  private static OpenShape openShape(
      Settings s, String profile, boolean quick, Duration maxDuration) {
    String timing = quick ? profile + ".quick" : profile;
    Settings.Phases phases = s.rampThenSteady(timing, quick ? QUICK_LIMIT : maxDuration);
    Duration ramp = phases.ramp();
    Duration duration = phases.steady();
    return new OpenShape(s.positive(profile + ".rate"), ramp, duration, thresholds(s, profile));
  }

  private static SpikeShape spikeShape(Settings s, boolean quick) {
    String timing = quick ? "spike.quick" : "spike";
    Duration limit = quick ? QUICK_LIMIT : Duration.ofHours(6);
    Duration base = s.duration(timing + ".baseDuration", Duration.ofSeconds(1), limit);
    Duration burst = s.duration(timing + ".burstDuration", Duration.ofSeconds(1), limit);
    Duration total = base.multipliedBy(2).plus(burst);
    if (total.compareTo(limit) > 0) {
      throw new ConfigError(
          timing + ".burstDuration",
          Settings.human(burst),
          "at most "
              + Settings.human(limit.minus(base.multipliedBy(2)))
              + " so that base + burst + base stay within "
              + Settings.human(limit));
    }
    double factor = s.positive("spike.factor");
    if (factor < 1) {
      throw new ConfigError(
          "spike.factor", factor, "a number >= 1 (the burst is this many times the base rate)");
    }
    return new SpikeShape(
        s.positive("spike.rate"),
        factor,
        base,
        burst,
        s.intAtLeast("spike.maxRecoverySeconds", 0),
        thresholds(s, "spike"));
  }

  private static Live live(Settings s, Reports reports) {
    String dir = s.string("live.targetsDir");
    String path = s.string("live.engineMetricsPath");
    if (!path.isEmpty() && !path.matches("/[A-Za-z0-9._~/-]*")) {
      throw new ConfigError(
          "live.engineMetricsPath", path, "empty, or a URL path such as /metrics (no query)");
    }
    return new Live(
        s.bool("live.enabled"),
        s.intBetween("live.port", 0, 65535),
        dir.isBlank()
            ? reports.dir().resolve("live-targets")
            : Path.of(dir).toAbsolutePath().normalize(),
        path,
        s.duration("live.finalScrapeWait", Duration.ZERO, Duration.ofMinutes(5)));
  }

  static Thresholds thresholds(Settings s, String profile) {
    return new Thresholds(
        s.intAtLeast(profile + ".thresholds.p95Ms", 1),
        s.intAtLeast(profile + ".thresholds.p99Ms", 1),
        s.between(profile + ".thresholds.maxFailedPercent", 0, 100),
        s.between(profile + ".thresholds.minSuccessPercent", 0, 100));
  }

  static boolean isLoopback(String url) {
    String host = URI.create(url).getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      // Resolves names too, so "localhost" passes and a name pointing elsewhere does not.
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
