package dev.meshhook.load.charts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Copies what the charts run on into a run folder's {@code lib/}: uPlot from its WebJar on the
 * classpath, and this suite's {@code timelines.js} and {@code capacity.js}. A report then opens
 * from {@code file://} on a machine with no network, and keeps working when the suite moves to
 * another uPlot version.
 */
public final class ChartAssets {
  public static final String DIR = "lib";
  public static final String UPLOT_JS = "uPlot.iife.min.js";
  public static final String UPLOT_CSS = "uPlot.min.css";
  public static final String TIMELINES_JS = "timelines.js";
  public static final String CAPACITY_JS = "capacity.js";
  private static final String WEBJAR = "META-INF/resources/webjars/uplot/";

  private ChartAssets() {}

  /** Copies the assets into {@code folder/lib}, replacing older copies. */
  public static void copyInto(Path folder) {
    Path lib = folder.resolve(DIR);
    String dist = WEBJAR + uplotVersion() + "/dist/";
    try {
      Files.createDirectories(lib);
      copy(dist + UPLOT_JS, lib.resolve(UPLOT_JS));
      copy(dist + UPLOT_CSS, lib.resolve(UPLOT_CSS));
      copy(WEBJAR + uplotVersion() + "/LICENSE", lib.resolve("uPlot.LICENSE"));
      copy("dev/meshhook/load/charts/" + TIMELINES_JS, lib.resolve(TIMELINES_JS));
      copy("dev/meshhook/load/charts/" + CAPACITY_JS, lib.resolve(CAPACITY_JS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the chart library into " + lib, e);
    }
  }

  /** The uPlot version on the classpath, from the WebJar's own Maven metadata. */
  static String uplotVersion() {
    Properties p = new Properties();
    try (InputStream in = resource("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = resource(resource)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = ChartAssets.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          name + " is not on the classpath (the org.webjars.npm:uplot test dependency in pom.xml)");
    }
    return in;
  }
}
