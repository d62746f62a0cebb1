package dev.meshhook.load.feeders;

import dev.meshhook.load.settings.ConfigError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON body template from {@code payloads/}. Placeholders: {@code #{loadId}}, {@code #{seq}},
 * {@code #{amount}} (cents, 100..99,999), {@code #{pick}} (1..5) and {@code #{now}} (ISO instant).
 * Rendered by the feeder, not by Gatling, so the bytes signed are the bytes sent.
 */
public final class PayloadTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("#\\{(\\w+)}");

  private final String name;
  private final String text;

  private PayloadTemplate(String name, String text) {
    this.name = name;
    this.text = text.strip();
  }

  static PayloadTemplate load(String name, String where) {
    try (InputStream in =
        PayloadTemplate.class.getClassLoader().getResourceAsStream("payloads/" + name)) {
      if (in == null) {
        throw new ConfigError(
            where + " payload", name, "a template file in src/test/resources/payloads/");
      }
      PayloadTemplate template =
          new PayloadTemplate(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Matcher m = PLACEHOLDER.matcher(template.text);
      while (m.find()) {
        if (!"loadId seq amount pick now".contains(m.group(1))) {
          throw new ConfigError(
              where + " payload " + name,
              m.group(),
              "one of #{loadId} #{seq} #{amount} #{pick} #{now}");
        }
      }
      return template;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String render(String loadId, long seq) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 64);
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "loadId" -> loadId;
            case "seq" -> Long.toString(seq);
            case "amount" -> Long.toString(100 + Math.floorMod(seq * 7919, 99_900));
            case "pick" -> Long.toString(1 + Math.floorMod(seq, 5));
            default -> Instant.now().toString();
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  public String name() {
    return name;
  }
}
