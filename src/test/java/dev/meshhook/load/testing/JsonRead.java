package dev.meshhook.load.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Test support: figures read out of a report's JSON that fail the test when they are not there.
 * Jackson's {@code path(..).asLong()} reads a missing key as 0, so {@code isZero()} on a misspelt
 * or never-written figure would pass: these never read a default.
 */
public final class JsonRead {
  private JsonRead() {}

  /**
   * The number at {@code path} below {@code node}; throws when a key is missing or not a number.
   */
  public static double number(JsonNode node, String... path) {
    return at(node, path).doubleValue();
  }

  /** The whole number at {@code path} below {@code node}; throws when missing or not integral. */
  public static long whole(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    if (!value.isIntegralNumber()) {
      throw new AssertionError(String.join(".", path) + " is not a whole number: " + value);
    }
    return value.longValue();
  }

  private static JsonNode at(JsonNode node, String... path) {
    JsonNode here = node;
    StringBuilder walked = new StringBuilder();
    for (String key : path) {
      walked.append(walked.length() == 0 ? "" : ".").append(key);
      if (here == null || !here.has(key) || here.get(key).isNull()) {
        throw new AssertionError("no figure '" + walked + "' in " + abbreviate(node));
      }
      here = here.get(key);
    }
    if (!here.isNumber()) {
      throw new AssertionError("'" + walked + "' is not a number: " + here);
    }
    return here;
  }

  private static String abbreviate(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
