package dev.meshhook.load.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed, validated reads of single keys. Every failure becomes a {@link ConfigError} that names the
 * key, the value as given and what is allowed; typesafe-config's own messages are too long for
 * that.
 */
public final class Settings {
  private final Config config;

  public Settings(Config config) {
    this.config = config;
  }

  /** Whether the key is set at all (an optional key, with a fallback elsewhere). */
  public boolean has(String key) {
    return config.hasPath(key);
  }

  public String string(String key) {
    return read(key, config::getString, "a string");
  }

  public boolean bool(String key) {
    return read(key, config::getBoolean, "true or false");
  }

  public int intAtLeast(String key, int min) {
    int value = read(key, config::getInt, "an integer");
    if (value < min) {
      throw new ConfigError(key, value, "an integer >= " + min);
    }
    return value;
  }

  public int intBetween(String key, int min, int max) {
    int value = read(key, config::getInt, "an integer");
    if (value < min || value > max) {
      throw new ConfigError(key, value, "an integer from " + min + " to " + max);
    }
    return value;
  }

  public long longBetween(String key, long min, long max) {
    long value = read(key, config::getLong, "an integer");
    if (value < min || value > max) {
      throw new ConfigError(key, value, "an integer from " + min + " to " + max);
    }
    return value;
  }

  public double positive(String key) {
    double value = read(key, config::getDouble, "a number");
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ConfigError(key, value, "a number > 0");
    }
    return value;
  }

  public double between(String key, double min, double max) {
    double value = read(key, config::getDouble, "a number");
    if (!(value >= min && value <= max)) {
      throw new ConfigError(key, value, "a number from " + min + " to " + max);
    }
    return value;
  }

  public Duration duration(String key, Duration min, Duration max) {
    Duration value = read(key, config::getDuration, "a duration such as 30s, 2m or 500ms");
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigError(key, raw(key), "a duration from " + human(min) + " to " + human(max));
    }
    return value;
  }

  /**
   * A comma-separated list of integers, each at least {@code min}, such as "10,100,1000" (a string,
   * so that {@code -Dkey=10,100} overrides it on the command line).
   */
  public java.util.List<Integer> intList(String key, int min) {
    String value = string(key).trim();
    String allowed = "a comma-separated list of integers >= " + min + ", such as 10,100,1000";
    java.util.List<Integer> list = new java.util.ArrayList<>();
    for (String part : value.split(",")) {
      try {
        int n = Integer.parseInt(part.trim());
        if (n < min) {
          throw new ConfigError(key, value, allowed);
        }
        list.add(n);
      } catch (NumberFormatException e) {
        throw new ConfigError(key, value, allowed);
      }
    }
    return java.util.List.copyOf(list);
  }

  /** A JVM heap size such as 512m or 2g. */
  public String heap(String key) {
    String heap = string(key).trim();
    if (!heap.matches("\\d+[mMgG]")) {
      throw new ConfigError(key, heap, "a JVM heap size such as 256m or 1g");
    }
    return heap;
  }

  /** A ramp and the steady phase after it. */
  public record Phases(Duration ramp, Duration steady) {}

  /**
   * {@code <timing>.rampDuration} and {@code <timing>.duration}, which together may take at most
   * {@code limit} (60 s in quick mode).
   */
  public Phases rampThenSteady(String timing, Duration limit) {
    Duration ramp = duration(timing + ".rampDuration", Duration.ofSeconds(1), limit);
    Duration steady = duration(timing + ".duration", Duration.ofSeconds(1), limit);
    if (ramp.plus(steady).compareTo(limit) > 0) {
      throw new ConfigError(
          timing + ".duration",
          human(steady),
          "at most "
              + human(limit.minus(ramp))
              + " so that ramp + steady phase stay within "
              + human(limit));
    }
    return new Phases(ramp, steady);
  }

  /** Stops a profile whose phases together run longer than its limit (60 s in quick mode). */
  public static void within(
      String key, Duration value, Duration total, Duration limit, String phases) {
    if (total.compareTo(limit) > 0) {
      throw new ConfigError(
          key,
          human(value),
          "a shorter duration: "
              + phases
              + " take "
              + human(total)
              + " together, and may take at most "
              + human(limit));
    }
  }

  public <E extends Enum<E>> E choice(String key, Class<E> type, Function<E, String> name) {
    String value = string(key).trim();
    for (E candidate : type.getEnumConstants()) {
      if (name.apply(candidate).equals(value.toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
    String allowed = String.join(", ", Arrays.stream(type.getEnumConstants()).map(name).toList());
    throw new ConfigError(key, value, "one of " + allowed);
  }

  /** An absolute http(s) URL, or empty when {@code emptyAllowed}. */
  public String httpUrl(String key, boolean emptyAllowed) {
    String value = string(key).trim();
    if (value.isEmpty() && emptyAllowed) {
      return "";
    }
    try {
      return checkedHttpUrl(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(
          key, value, "an absolute http:// or https:// URL such as http://127.0.0.1:8080");
    }
  }

  /**
   * One URL or several, comma-separated (the replicas of one deployment), each as {@link #httpUrl}
   * takes it; empty when the value is empty and that is allowed.
   */
  public java.util.List<String> httpUrls(String key, boolean emptyAllowed) {
    String value = string(key).trim();
    if (value.isEmpty() && emptyAllowed) {
      return java.util.List.of();
    }
    java.util.List<String> urls = new java.util.ArrayList<>();
    for (String one : value.split(",", -1)) {
      try {
        urls.add(checkedHttpUrl(one.trim()));
      } catch (IllegalArgumentException e) {
        throw new ConfigError(
            key,
            value,
            "one absolute http:// or https:// URL, or several separated by commas, such as"
                + " http://127.0.0.1:8080,http://127.0.0.1:8081");
      }
    }
    return java.util.List.copyOf(urls);
  }

  private static String checkedHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      }
    } catch (URISyntaxException e) {
      // falls through
    }
    throw new IllegalArgumentException(value);
  }

  public String jdbcUrl(String key, boolean emptyAllowed) {
    String value = string(key).trim();
    if ((value.isEmpty() && emptyAllowed) || value.startsWith("jdbc:postgresql://")) {
      return value;
    }
    throw new ConfigError(
        key, value, "a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/postgres");
  }

  private String raw(String key) {
    try {
      return config.getValue(key).unwrapped().toString();
    } catch (ConfigException e) {
      return "";
    }
  }

  private <T> T read(String key, Function<String, T> getter, String allowed) {
    try {
      return getter.apply(key);
    } catch (ConfigException.Missing e) {
      throw new ConfigError(key, "", allowed + " (the key is missing)");
    } catch (ConfigException e) {
      throw new ConfigError(key, raw(key), allowed);
    }
  }

  public static String human(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + " ms";
    }
    long s = d.toSeconds();
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + " h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + " min";
    }
    return s + " s";
  }
}
