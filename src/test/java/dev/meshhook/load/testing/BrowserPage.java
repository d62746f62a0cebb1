package dev.meshhook.load.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page as the browser shows it, with the generic questions a report test asks: which links it has
 * and whether each leads to a file that exists, whether its charts were painted, what it says and
 * whether its scripts logged errors. Works on any page (our verification report, Gatling's report,
 * the index across runs).
 */
public final class BrowserPage {
  /** A canvas as laid out, and how many of its sampled pixels are painted (not transparent). */
  public record Canvas(long width, long height, long paintedPixels) {}

  private final WebDriver driver;
  private final Path file;

  private BrowserPage(WebDriver driver, Path file) {
    this.driver = driver;
    this.file = file;
  }

  static BrowserPage open(WebDriver driver, Path file) {
    driver.manage().logs().get(LogType.BROWSER); // what an earlier page logged is not this page's
    driver.get(file.toAbsolutePath().toUri().toString());
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d ->
                "complete"
                    .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    return new BrowserPage(driver, file);
  }

  public Path file() {
    return file;
  }

  /** Every {@code href} of an {@code <a>}, as written in the page. */
  @SuppressWarnings("unchecked")
  public List<String> links() {
    return (List<String>)
        js(
            "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));");
  }

  /**
   * Asserts that every link to a file leads to one that exists, relative to the page; a link within
   * the page ({@code #id}) must name an element of it. Links to other sites are not followed (the
   * tests have no network) and are returned, so a test can say what it expects of them.
   */
  public List<String> assertLinksResolve() {
    List<String> external = new ArrayList<>();
    for (String href : links()) {
      String h = href.trim();
      if (h.isEmpty() || h.startsWith("javascript:")) {
        continue;
      }
      if (h.startsWith("#")) {
        if (h.length() > 1) {
          Object found =
              js(
                  "return document.getElementById(arguments[0]) !== null;",
                  URLDecoder.decode(h.substring(1), StandardCharsets.UTF_8));
          assertThat(found).as("in-page link %s of %s", href, file).isEqualTo(Boolean.TRUE);
        }
        continue;
      }
      if (h.matches("(?i)^(https?|mailto):.*")) {
        external.add(href);
        continue;
      }
      assertThat(target(h)).as("link %s of %s", href, file).exists();
    }
    return external;
  }

  private Path target(String href) {
    String path = href.replaceFirst("[?#].*$", "");
    if (path.startsWith("file:")) {
      return Path.of(URI.create(path));
    }
    return file.toAbsolutePath()
        .getParent()
        .resolve(URLDecoder.decode(path, StandardCharsets.UTF_8))
        .normalize();
  }

  /** Every canvas on the page, with its size and how much of it is painted. */
  @SuppressWarnings("unchecked")
  public List<Canvas> canvases() {
    List<Map<String, Object>> raw =
        (List<Map<String, Object>>)
            js(
                """
        return Array.from(document.querySelectorAll('canvas')).map(c => {
          let painted = 0;
          if (c.width > 0 && c.height > 0) {
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < px.length; i += 4 * 7) { if (px[i] !== 0) painted++; }
          }
          const r = c.getBoundingClientRect();
          return {width: Math.round(r.width), height: Math.round(r.height), painted: painted};
        });""");
    return raw.stream()
        .map(
            m ->
                new Canvas(
                    ((Number) m.get("width")).longValue(),
                    ((Number) m.get("height")).longValue(),
                    ((Number) m.get("painted")).longValue()))
        .toList();
  }

  /** The canvases that have a size and something painted on them. */
  public long canvasesRendered() {
    return canvases().stream()
        .filter(c -> c.width() > 0 && c.height() > 0 && c.paintedPixels() > 0)
        .count();
  }

  /** SVG charts (Gatling's Highcharts) that have a size and drawn paths. */
  public long svgChartsRendered() {
    return ((Number)
            js(
                """
        return Array.from(document.querySelectorAll('svg')).filter(s => {
          const r = s.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && s.querySelectorAll('path, polyline, circle').length > 0;
        }).length;"""))
        .longValue();
  }

  /** What the page shows, as text. */
  public String text() {
    return (String) js("return document.body.innerText;");
  }

  /** The texts of the cells of the first table whose header row has that header. */
  @SuppressWarnings("unchecked")
  public Map<String, String> tableWithHeader(String header) {
    return (Map<String, String>)
        js(
            """
        for (const t of document.querySelectorAll('table')) {
          const heads = Array.from(t.rows[0].cells).map(c => c.innerText.trim());
          if (heads.includes(arguments[0]) && t.rows.length > 1) {
            const out = {};
            heads.forEach((h, i) => out[h] = t.rows[1].cells[i] ? t.rows[1].cells[i].innerText.trim() : '');
            return out;
          }
        }
        return {};""",
            header);
  }

  /**
   * Errors the page's scripts logged or threw, and resources it could not load, since it was opened
   * (or last asked).
   */
  public List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  /** Runs a script in the page and returns what it returns. */
  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}
