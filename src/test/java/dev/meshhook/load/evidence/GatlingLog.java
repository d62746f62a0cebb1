package dev.meshhook.load.evidence;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Gatling's own record of every request, {@code simulation.log} in the run folder: the records its
 * HTML report and its assertions are computed from. Each request record holds the start and end
 * Gatling measured (its HTTP client starting the request, the last byte of the answer or the
 * failure), so figures computed here are Gatling's, counted exactly where its report estimates
 * percentiles.
 *
 * <p>The file is Gatling's binary format, which it writes through a buffer and closes only when the
 * load is over (so it is complete in a simulation's {@code after()}, not during the run), and which
 * Gatling itself reads only with the version that wrote it: so does this reader.
 */
public final class GatlingLog {
  public static final String FILE_NAME = "simulation.log";

  // Record headers, as Gatling's LogFileDataWriter writes them (io.gatling.core.stats.writer).
  private static final int RUN = 0;
  private static final int REQUEST = 1;
  private static final int USER = 2;
  private static final int GROUP = 3;
  private static final int ERROR = 4;

  /** One request as Gatling recorded it; {@code ok} false for a failed check or no answer. */
  public record Request(String name, long startEpochMs, long endEpochMs, boolean ok) {
    public long millis() {
      return endEpochMs - startEpochMs;
    }
  }

  /** The requests of one run whose names were asked for, and the Gatling that wrote them. */
  public record Read(String gatlingVersion, List<Request> requests) {}

  private GatlingLog() {}

  /** The Gatling on this class path (its own {@code gatling-version.properties}). */
  public static String gatlingVersion() {
    try (InputStream in = GatlingLog.class.getResourceAsStream("/gatling-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The requests named as {@code names} accepts, from {@code folder}'s simulation.log written by
   * Gatling {@code version}; an {@link IOException} says why it cannot be read (missing, another
   * version, cut short).
   */
  public static Read read(Path folder, String version, Predicate<String> names) throws IOException {
    Path file = folder.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException("no " + FILE_NAME + " in " + folder);
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      return new Reader(in, version, names).read();
    } catch (EOFException e) {
      throw new IOException(file + " is cut short (Gatling did not finish writing it)", e);
    }
  }

  private static final class Reader {
    private static final Charset UTF16 =
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            ? StandardCharsets.UTF_16LE
            : StandardCharsets.UTF_16BE;

    private final DataInputStream in;
    private final String version;
    private final Predicate<String> names;
    private final Map<Integer, String> strings = new HashMap<>();

    Reader(DataInputStream in, String version, Predicate<String> names) {
      this.in = in;
      this.version = version;
      this.names = names;
    }

    Read read() throws IOException {
      if (in.read() != RUN) {
        throw new IOException("not a Gatling simulation.log: it does not start with a run record");
      }
      String written = string();
      if (!written.equals(version)) {
        throw new IOException(
            "written by Gatling " + written + "; this build reads Gatling " + version + "'s");
      }
      string(); // simulation class
      long runStart = in.readLong();
      string(); // description
      for (int i = in.readInt(); i > 0; i--) {
        string(); // scenario names
      }
      for (int i = in.readInt(); i > 0; i--) {
        in.skipNBytes(in.readInt()); // assertions, serialised
      }
      List<Request> requests = new ArrayList<>();
      for (int header = in.read(); header != -1; header = in.read()) {
        switch (header) {
          case REQUEST -> {
            groups();
            String name = cached();
            long start = runStart + in.readInt();
            long end = runStart + in.readInt();
            boolean ok = in.readBoolean();
            cached(); // error message
            if (names.test(name)) {
              requests.add(new Request(name, start, end, ok));
            }
          }
          case USER -> in.skipNBytes(Integer.BYTES + 1 + Integer.BYTES);
          case GROUP -> {
            groups();
            in.skipNBytes(3 * Integer.BYTES + 1);
          }
          case ERROR -> {
            cached();
            in.skipNBytes(Integer.BYTES);
          }
          default -> throw new IOException("unknown record type " + header + " in simulation.log");
        }
      }
      return new Read(written, List.copyOf(requests));
    }

    private void groups() throws IOException {
      for (int i = in.readInt(); i > 0; i--) {
        cached();
      }
    }

    /** A string written once with a positive index, then referred to by its negated index. */
    private String cached() throws IOException {
      int index = in.readInt();
      if (index >= 0) {
        String s = string();
        strings.put(index, s);
        return s;
      }
      String s = strings.get(-index);
      if (s == null) {
        throw new IOException("simulation.log refers to string " + -index + " before writing it");
      }
      return s;
    }

    /** A Java string's own bytes and coder (0 Latin-1, 1 UTF-16 in the writer's byte order). */
    private String string() throws IOException {
      int length = in.readInt();
      if (length == 0) {
        return "";
      }
      byte[] value = in.readNBytes(length);
      if (value.length < length) {
        throw new EOFException();
      }
      int coder = in.readByte();
      return new String(value, coder == 0 ? StandardCharsets.ISO_8859_1 : UTF16);
    }
  }
}
