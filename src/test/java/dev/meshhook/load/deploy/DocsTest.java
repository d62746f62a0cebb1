package dev.meshhook.load.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is a front door, not a manual: small enough to read at once, and every link it and the
 * docs pages give leads somewhere (a file that exists, a heading that is there).
 */
class DocsTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
  private static final Pattern FENCE = Pattern.compile("^\\s*```");

  @Test
  void theReadmeIsAFrontDoorOfAtMost15Kilobytes() throws IOException {
    assertThat(Files.size(Path.of("README.md"))).isLessThanOrEqualTo(15_000L);
  }

  @Test
  void everyLinkInTheReadmeAndTheDocsResolves() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    pages.add(Path.of("deploy/k8s/README.md"));
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      for (String target : links(page)) {
        checked++;
        String problem = problem(page, target);
        if (problem != null) {
          broken.add(page + ": " + target + " (" + problem + ")");
        }
      }
    }
    assertThat(checked).as("links checked").isGreaterThan(20);
    assertThat(broken).isEmpty();
  }

  @Test
  void aBrokenLinkIsCaught(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path page = dir.resolve("PAGE.md");
    Files.writeString(page, "# Title\n\n## A section\n");
    assertThat(problem(page, "PAGE.md#a-section")).isNull();
    assertThat(problem(page, "#title")).isNull();
    assertThat(problem(page, "MISSING.md")).contains("no such file");
    assertThat(problem(page, "PAGE.md#no-section")).contains("no heading");
  }

  /** The page's lines outside code fences: a link or heading in a code sample is not one. */
  private static List<String> prose(Path page) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean inFence = false;
    for (String line : Files.readAllLines(page)) {
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
      } else if (!inFence) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static List<String> links(Path page) throws IOException {
    List<String> found = new ArrayList<>();
    for (String line : prose(page)) {
      Matcher m = LINK.matcher(line);
      while (m.find()) {
        String target = m.group(1);
        if (!target.matches("^[a-z]+:.*")) {
          found.add(target);
        }
      }
    }
    return found;
  }

  /** Why a relative link from this page does not resolve, or null when it does. */
  private static String problem(Path page, String target) throws IOException {
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path parent = page.toAbsolutePath().getParent();
    Path resolved = file.isEmpty() ? page.toAbsolutePath() : parent.resolve(file).normalize();
    if (!Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor == null || !resolved.toString().endsWith(".md")) {
      return null;
    }
    return anchors(resolved).contains(anchor) ? null : "no heading with that anchor";
  }

  /** GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    for (String line : prose(page)) {
      Matcher m = HEADING.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String slug =
          m.group(1)
              .trim()
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      String unique = slug;
      for (int n = 1; !anchors.add(unique); n++) {
        unique = slug + "-" + n;
      }
    }
    return anchors;
  }
}
