package dev.meshhook.load.config;

/** A secret value that prints as {@code ****} wherever it ends up in a log or a report. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = value == null ? "" : value;
  }

  /** A fresh random secret (24 bytes, hex): the embedded engine's webhook secret for one run. */
  public static Secret random() {
    byte[] bytes = new byte[24];
    new java.security.SecureRandom().nextBytes(bytes);
    return new Secret(java.util.HexFormat.of().formatHex(bytes));
  }

  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return value.isEmpty() ? "(unset)" : "****";
  }
}
