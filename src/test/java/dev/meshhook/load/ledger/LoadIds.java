package dev.meshhook.load.ledger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Correlation ids {@code <runTag>-<injector>-<seq>}. The run tag is new per run, the injector names
 * this JVM (host and pid unless configured), the sequence counts from 1; together they are unique
 * across injectors loading one engine, and the checker finds a run's requests by the tag prefix.
 */
public final class LoadIds {
  private static final DateTimeFormatter TAG = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  private final String runTag;
  private final String injector;
  private final AtomicLong seq = new AtomicLong();

  public LoadIds(String runTag, String injector) {
    if (!runTag.matches("[A-Za-z0-9]+") || !injector.matches("[A-Za-z0-9.]+")) {
      throw new IllegalArgumentException(
          "run tag and injector must be letters and digits: " + runTag + ", " + injector);
    }
    this.runTag = runTag;
    this.injector = injector;
  }

  /** A fresh tag: UTC time to the second plus 4 random hex digits, e.g. 20261123T121900a3f1. */
  public static String newRunTag() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(TAG)
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Host and pid, e.g. {@code ci7f3p4821}; configured names win. */
  public static String defaultInjector() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    String hash = Integer.toString(Math.floorMod(host.hashCode(), 36 * 36 * 36), 36);
    return ("h" + hash + "p" + ProcessHandle.current().pid()).toLowerCase(Locale.ROOT);
  }

  public long nextSeq() {
    return seq.incrementAndGet();
  }

  public String id(long seq) {
    return runTag + "-" + injector + "-" + seq;
  }

  /** The prefix every load id of this run starts with. */
  public String prefix() {
    return runTag + "-";
  }

  public String runTag() {
    return runTag;
  }

  public String injector() {
    return injector;
  }
}
