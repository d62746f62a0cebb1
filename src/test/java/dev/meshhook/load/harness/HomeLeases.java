package dev.meshhook.load.harness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Which engine homes are in use, by this JVM or any other on the machine: the home's {@code
 * in-use.lock} is locked (an OS file lock) while an engine of this JVM holds it, and the OS lets go
 * when the JVM ends, however it ends. Pruning old homes skips those in use, so two JVMs that start
 * engines at once (integration tests in two forks, two users' runs) never delete or stop each
 * other's, while a home left by a killed JVM is still cleaned up. Within this JVM a count is kept:
 * a restart holds its home again before the old handle lets go.
 */
final class HomeLeases {
  static final String FILE = "in-use.lock";

  private record Held(FileChannel channel, int count) {}

  private static final Map<Path, Held> HELD = new HashMap<>();

  private HomeLeases() {}

  /** Holds {@code home} (created if missing) until as many {@link #release} calls. */
  static synchronized void hold(Path home) throws IOException {
    Held held = HELD.get(home);
    if (held != null) {
      HELD.put(home, new Held(held.channel(), held.count() + 1));
      return;
    }
    Files.createDirectories(home);
    FileChannel channel =
        FileChannel.open(home.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    if (channel.tryLock() == null) {
      channel.close();
      throw new IllegalStateException(home + " is in use by another process's engine");
    }
    HELD.put(home, new Held(channel, 1));
  }

  static synchronized void release(Path home) {
    Held held = HELD.get(home);
    if (held == null) {
      return;
    }
    if (held.count() > 1) {
      HELD.put(home, new Held(held.channel(), held.count() - 1));
      return;
    }
    HELD.remove(home);
    try {
      held.channel().close(); // lets the lock go
    } catch (IOException e) {
      // the lock goes with the JVM at the latest
    }
  }

  /** Whether an engine of this JVM or of another process holds {@code home}. */
  static synchronized boolean inUse(Path home) {
    if (HELD.containsKey(home)) {
      return true;
    }
    Path file = home.resolve(FILE);
    if (!Files.exists(file)) {
      return false;
    }
    // Only opened when this JVM holds no lock on the file: closing a channel may release every lock
    // the JVM holds on it.
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException | IOException e) {
      return true; // cannot tell: keep it
    }
  }
}
