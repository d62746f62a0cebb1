package dev.meshhook.load.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.figures.ResourceFigures;
import java.io.IOException;
import java.nio.file.Path;
import org.assertj.core.api.AbstractDoubleAssert;

/** Test support: a run folder's verification.json and its classification rows. */
public final class VerificationJson {
  private final JsonNode root;

  private VerificationJson(JsonNode root) {
    this.root = root;
  }

  public static VerificationJson of(GatlingRun.Result result, String folderPrefix)
      throws IOException {
    Path folder = result.folder().orElseThrow();
    assertThat(folder.getFileName().toString()).startsWith(folderPrefix);
    // Gatling's own records of the run; its HTML report is left out unless a test asks for it.
    assertThat(folder.resolve("simulation.log")).as("Gatling's records").isRegularFile();
    return new VerificationJson(
        new ObjectMapper().readTree(folder.resolve("verification.json").toFile()));
  }

  public JsonNode root() {
    return root;
  }

  public String outcome() {
    return root.path("outcome").asText();
  }

  public String classification() {
    return root.path("classification").path("level").asText();
  }

  public long count(String name) {
    // A misspelt name must fail the test, not read as a reassuring 0.
    assertThat(root.path("counts").has(name)).as("verification.json has counts." + name).isTrue();
    return root.path("counts").path(name).asLong();
  }

  /** The classification row of that figure; fails the test when there is none. */
  public JsonNode row(String figure) {
    for (JsonNode row : root.path("classification").path("rows")) {
      if (row.path("figure").asText().equals(figure)) {
        return row;
      }
    }
    throw new AssertionError(
        "no classification row '" + figure + "' in " + root.path("classification"));
  }

  /**
   * The row's value; fails the test when it is null (a figure never computed is written as null) or
   * not a number, so isZero() can only pass on a measured 0.
   */
  public double value(String figure) {
    JsonNode value = row(figure).path("value");
    assertThat(value.isNumber()).as("'" + figure + "' has a measured value, not " + value).isTrue();
    return value.asDouble();
  }

  /**
   * An assertion on the TCP connections the engine opened during the run (the row "connections
   * opened by the engine"), described with the webhooks sent and the connection mode, which are
   * printed with it for the test's log.
   */
  public AbstractDoubleAssert<?> connectionsOpened(String mode) {
    long sent = count("sent");
    double opened = value(ResourceFigures.CONNECTIONS_OPENED);
    System.out.println(mode + ": " + sent + " webhooks, " + opened + " connections opened");
    return assertThat(opened)
        .as("connections opened by the engine for %d webhooks at %s", sent, mode);
  }
}
