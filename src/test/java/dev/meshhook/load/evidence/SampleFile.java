package dev.meshhook.load.evidence;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the samplers share: one daemon thread, named for what it samples (the suite counts its CPU
 * by that name), that takes a sample every period and appends its line to a file of the run folder
 * after a header. Quietly: a sample that throws is a gap in the evidence, not a reason to disturb
 * the load. Closing stops the thread, then the file.
 */
final class SampleFile implements AutoCloseable {
  private final BufferedWriter out;
  private final ScheduledExecutorService timer;
  private boolean closed;

  private SampleFile(BufferedWriter out, String threadName) {
    this.out = out;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** Writes the header, then a line from {@code sample} every {@code every}, the first at once. */
  static SampleFile start(
      Path file, String header, String threadName, Duration every, Supplier<String> sample) {
    try {
      BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      SampleFile samples = new SampleFile(out, threadName);
      samples.append(header);
      samples.timer.scheduleAtFixedRate(
          () -> {
            try {
              samples.append(sample.get());
            } catch (RuntimeException e) {
              // a missed sample is a gap in the evidence, not a reason to disturb the load
            }
          },
          0,
          every.toMillis(),
          TimeUnit.MILLISECONDS);
      return samples;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  private synchronized void append(String line) {
    if (closed) {
      return;
    }
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether sampling has stopped: false while a sample is still under way after close. */
  boolean stopped() {
    return timer.isTerminated();
  }

  /** Stops sampling (waiting up to 5 s for a sample under way), then closes the file. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Appends {@code v} with {@code decimals} places (half up), as {@code %.Nf} would, NaN as "NaN":
   * a line a second formatted through {@link String#format} cost the suite about 0.4 ms of CPU, its
   * code never hot at that rate.
   */
  static StringBuilder fixed(StringBuilder b, double v, int decimals) {
    double scale = Math.pow(10, decimals);
    if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) * scale >= 1e17) {
      return b.append(
          Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%." + decimals + "f", v));
    }
    long units = Math.round(Math.abs(v) * scale);
    if (v < 0 && units != 0) {
      b.append('-');
    }
    String digits = Long.toString(units);
    if (decimals == 0) {
      return b.append(digits);
    }
    if (digits.length() <= decimals) {
      digits = "0".repeat(decimals - digits.length() + 1) + digits;
    }
    int point = digits.length() - decimals;
    return b.append(digits, 0, point).append('.').append(digits, point, digits.length());
  }

  /**
   * The samples of a tab-separated file written by a sampler, header lines (from {@code epochMs})
   * left out: {@code parse} turns a line's fields into a sample, or null for a line of another
   * shape; a torn line (a number cut short) is left out too. Empty when the file does not exist.
   */
  static <T> List<T> readLines(Path file, Function<String[], T> parse) {
    List<T> samples = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return samples;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("epochMs")) {
          continue;
        }
        try {
          T sample = parse.apply(line.split("\t", -1));
          if (sample != null) {
            samples.add(sample);
          }
        } catch (NumberFormatException e) {
          // torn line
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return samples;
  }
}
