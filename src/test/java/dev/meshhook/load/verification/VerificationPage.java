package dev.meshhook.load.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.html.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's verification.html and verification.json as the model both are rendered from: what the
 * verification wrote, and the sections added since (a stress or scaling run's analysis, the webhook
 * latency once Gatling has closed its log, a merged run's injectors). Every change writes the files
 * whole again from the model: no file is read back, nothing is spliced into one.
 *
 * <p>The pages this process wrote are kept by folder, for the steps that are handed only a run's
 * folder (a profile's analysis, the latency comparison after the target stopped). A run writes one
 * page; a re-verify writes its folder's page again, and sections then go to the new one.
 */
public final class VerificationPage {
  /** Where a section added after the verdict sits in the page. */
  public enum Place {
    /** First after the verdict's summary, before the page's first heading. */
    AFTER_SUMMARY,
    /** At the end of the page. */
    END
  }

  /**
   * A section added after the verdict; its {@code name} marks it in the page ({@code <!-- name
   * -->}), so that a reader of the source finds where it starts and ends.
   */
  public record Section(String name, Place place, String html) {}

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Map<Path, VerificationPage> WRITTEN = new ConcurrentHashMap<>();

  private final Path folder;
  private final ObjectNode json;
  private final Map<String, Object> page;
  // By name, in the order first added: a section added again keeps its place.
  private final Map<String, Section> sections = new LinkedHashMap<>();

  private VerificationPage(Path folder, ObjectNode json, Map<String, Object> page) {
    this.folder = folder;
    this.json = json;
    this.page = new HashMap<>(page); // null values too: a verdict may have no run tag
  }

  /**
   * Writes verification.json from {@code json} and verification.html from the template {@code
   * verification-page} with {@code page}'s variables (every one but the added sections), and keeps
   * the page as its folder's.
   */
  static VerificationPage write(Path folder, ObjectNode json, Map<String, Object> page) {
    VerificationPage written = new VerificationPage(folder, json, page);
    written.writeJson();
    written.writeHtml();
    WRITTEN.put(key(folder), written);
    return written;
  }

  /** The page this process last wrote into {@code folder}, if it wrote one. */
  public static Optional<VerificationPage> writtenInto(Path folder) {
    return Optional.ofNullable(WRITTEN.get(key(folder)));
  }

  private static Path key(Path folder) {
    return folder.toAbsolutePath().normalize();
  }

  /**
   * Sets {@code key} in verification.json and adds {@code section} to the page, in place of its
   * earlier copy (same name) if there is one; writes both files.
   */
  public synchronized void add(String key, JsonNode value, Section section) {
    json.set(key, value);
    sections.put(section.name(), section);
    writeJson();
    writeHtml();
  }

  /** Sets {@code key} in verification.json (replaced when already there) and writes it. */
  public synchronized void set(String key, JsonNode value) {
    json.set(key, value);
    writeJson();
  }

  public Path html() {
    return folder.resolve(VerificationReport.HTML);
  }

  private void writeJson() {
    try {
      write(VerificationReport.JSON, JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("verification.json of " + folder, e);
    }
  }

  private void writeHtml() {
    Map<String, Object> model = new HashMap<>(page);
    model.put("afterSummary", at(Place.AFTER_SUMMARY));
    model.put("atEnd", at(Place.END));
    // A text file ends with a line break; Templates drops the template's own last one.
    write(VerificationReport.HTML, Templates.render("verification-page", model) + "\n");
  }

  private List<Section> at(Place place) {
    return sections.values().stream().filter(s -> s.place() == place).toList();
  }

  private void write(String file, String text) {
    try {
      Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + " into " + folder, e);
    }
  }
}
