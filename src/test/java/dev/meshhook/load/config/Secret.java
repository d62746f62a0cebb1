package dev.meshhook.load.config;

/** A secret value that prints as {@code ****} wherever it ends up in a log or a report. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = value == null ? "" : value;
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
