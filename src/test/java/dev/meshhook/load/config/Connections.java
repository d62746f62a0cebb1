package dev.meshhook.load.config;

import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.util.Locale;

/**
 * {@code http.connections}: how the load's virtual users hold their TCP connections to the target.
 * {@code per-user}: each virtual user (one webhook sender) opens its own, as separate webhook
 * senders do. {@code shared}: every user takes a kept-alive connection from Gatling's shared pool,
 * which opens another only when all are busy. {@code pool:N}: shared connections with at most
 * {@code N} webhooks in flight from this injector at once; a webhook that finds them all busy waits
 * for one, as behind a proxy or a queue worker with N connections.
 */
public record Connections(Mode mode, int pool) {
  public enum Mode {
    PER_USER,
    SHARED,
    POOL
  }

  /** Each virtual user opens its own connection: the default. */
  public static final Connections PER_USER = new Connections(Mode.PER_USER, 0);

  /** Every virtual user takes a kept-alive connection from Gatling's shared pool. */
  public static final Connections SHARED = new Connections(Mode.SHARED, 0);

  /** The most webhooks in flight {@code pool:N} allows. */
  static final int MAX_POOL = 10_000;

  static final String KEY = "http.connections";

  public Connections {
    if ((mode == Mode.POOL) != (pool > 0)) {
      throw new IllegalArgumentException("a pool of " + pool + " with " + mode);
    }
  }

  /** {@code key}'s value, validated: a bad one throws a ConfigError naming the key. */
  static Connections read(Settings s, String key) {
    String value = s.string(key).trim();
    String flag = value.toLowerCase(Locale.ROOT);
    if (flag.equals("per-user")) {
      return PER_USER;
    }
    if (flag.equals("shared")) {
      return SHARED;
    }
    if (flag.matches("pool:\\d{1,9}")) {
      int n = Integer.parseInt(flag.substring("pool:".length()));
      if (n >= 1 && n <= MAX_POOL) {
        return new Connections(Mode.POOL, n);
      }
    }
    throw new ConfigError(
        key,
        value,
        "per-user, shared or pool:N with N a whole number from 1 to "
            + MAX_POOL
            + " (webhooks in flight at once)");
  }

  /** Whether the users share Gatling's pool of kept-alive connections. */
  public boolean shared() {
    return mode != Mode.PER_USER;
  }

  /** As application.conf spells it: per-user, shared or pool:N. */
  public String flag() {
    return switch (mode) {
      case PER_USER -> "per-user";
      case SHARED -> "shared";
      case POOL -> "pool:" + pool;
    };
  }
}
