package dev.meshhook.load.html;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Every HTML page and section the suite writes comes from a Pebble template in {@code
 * src/test/resources/dev/meshhook/load/html/} ({@code name.peb}). Java formats the figures (units,
 * thousands separators, the same text the console prints); the templates only place them. Every
 * printed value is escaped by {@link Html#escape}, unless a template says {@code | raw} for markup
 * another template (or the JSON serializer) made.
 *
 * <p>Pebble because Gatling already brings it (the same version, so no second copy on the class
 * path), it escapes by default, and its syntax (Twig's) is known to most who will edit a template.
 * Variables are strict: a misspelt name fails the render instead of printing nothing.
 */
public final class Templates {
  private static final String STRATEGY = "meshhook-html";
  private static final PebbleEngine ENGINE = engine();

  private Templates() {}

  private static PebbleEngine engine() {
    ClasspathLoader loader = new ClasspathLoader(Templates.class.getClassLoader());
    loader.setPrefix("dev/meshhook/load/html");
    loader.setSuffix(".peb");
    return new PebbleEngine.Builder()
        .loader(loader)
        .strictVariables(true)
        .autoEscaping(true)
        .addEscapingStrategy(STRATEGY, Html::escape)
        .defaultEscapingStrategy(STRATEGY)
        .newLineTrimming(true)
        .build();
  }

  /**
   * The template {@code name} rendered with {@code model}'s variables. A template file's last line
   * break is not part of the output: a section is placed inline wherever its caller puts it.
   */
  public static String render(String name, Map<String, ?> model) {
    StringWriter out = new StringWriter(4096);
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> context = (Map<String, Object>) model;
      ENGINE.getTemplate(name).evaluate(out, context);
    } catch (IOException e) {
      throw new UncheckedIOException("rendering template " + name, e);
    }
    String html = out.toString();
    return html.endsWith("\n") ? html.substring(0, html.length() - 1) : html;
  }
}
