package dev.meshhook.load.config;

import dev.meshhook.load.settings.Settings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The profiles' blocks of application.conf, read through each profile's own {@link ShapeReader}:
 * the suite's configuration knows no profile by name, so a new profile adds no field here.
 */
public final class ProfileBlocks {
  private final Settings settings;
  private final boolean quick;
  private final double availabilityTarget;
  private final Connections connections;
  // Read once per profile, as the rest of the configuration is: every later use gets that shape.
  private final Map<ShapeReader<?>, SuiteConfig.Shape> shapes = new ConcurrentHashMap<>();

  ProfileBlocks(Settings settings, boolean quick) {
    this.settings = settings;
    this.quick = quick;
    this.availabilityTarget = settings.between("availability.target", 0, 99.999);
    this.connections = Connections.read(settings, Connections.KEY);
  }

  /** A profile's shape, validated: a bad value throws a ConfigError naming its key. */
  @SuppressWarnings("unchecked") // each reader's entry is what that reader read
  public <S extends SuiteConfig.Shape> S shape(ShapeReader<S> reader) {
    return (S) shapes.computeIfAbsent(reader, r -> r.read(settings, quick));
  }

  /**
   * The availability target of the profile whose block is {@code block}, in % (0: reported, not
   * judged): the block's own {@code availabilityTarget}, else {@code availability.target}.
   */
  public double availabilityTarget(String block) {
    String key = block + ".availabilityTarget";
    return settings.has(key) ? settings.between(key, 0, 99.999) : availabilityTarget;
  }

  /**
   * How the profile whose block is {@code block} holds its connections to the target: the block's
   * own {@code connections}, else {@code http.connections}.
   */
  public Connections connections(String block) {
    String key = block + ".connections";
    return settings.has(key) ? Connections.read(settings, key) : connections;
  }
}
