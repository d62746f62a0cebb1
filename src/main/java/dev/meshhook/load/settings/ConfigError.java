package dev.meshhook.load.settings;

/**
 * A configuration value the suite cannot run with. The message is one line naming the key, the
 * value and what is allowed, so a user can fix it without reading code.
 */
public final class ConfigError extends RuntimeException {
  private final String key;

  public ConfigError(String key, Object value, String allowed) {
    super("config error: " + key + " = '" + value + "' is not allowed; expected " + allowed);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
