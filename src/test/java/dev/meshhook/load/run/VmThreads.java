package dev.meshhook.load.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU of this JVM's own threads that Java does not see: the JIT compiler's and the garbage
 * collector's, read from Linux's {@code /proc/self/task} by HotSpot's thread names. A run's fixed
 * costs (start-up, the check at the end) are mostly code compiled once and run little, and only
 * these threads show it. Unknown elsewhere.
 */
final class VmThreads {
  /** HotSpot's clock ticks per second in {@code stat} (USER_HZ, 100 on every Linux build). */
  private static final long TICKS_PER_SECOND = 100;

  private static final Path TASKS = Path.of("/proc/self/task");

  /** The compiler's and the collector's CPU so far; {@link #known} false where not told. */
  record Cpu(Duration compiling, Duration collecting, boolean known) {
    static final Cpu NONE = new Cpu(Duration.ZERO, Duration.ZERO, false);
  }

  private VmThreads() {}

  static Cpu cpu() {
    if (!Files.isDirectory(TASKS)) {
      return Cpu.NONE;
    }
    long compiling = 0;
    long collecting = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        long ticks = ticks(stat);
        String name = name(stat);
        if (isCompiler(name)) {
          compiling += ticks;
        } else if (isCollector(name)) {
          collecting += ticks;
        }
      }
    } catch (IOException e) {
      return Cpu.NONE;
    }
    return new Cpu(duration(compiling), duration(collecting), true);
  }

  /** The thread's name: {@code stat}'s second field, in brackets, which may hold spaces. */
  static String name(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

  /** User + system time, {@code stat}'s 14th and 15th fields, counted after the name. */
  static long ticks(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after[0] is field 3 (the state): field n is after[n - 3]
    return Long.parseLong(after[11]) + Long.parseLong(after[12]);
  }

  /** HotSpot's compiler threads, cut to 15 characters by the kernel: "C2 CompilerThre". */
  static boolean isCompiler(String name) {
    return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
  }

  /** G1's, Parallel's and Serial's collector threads ("GC Thread#0", "G1 Conc#0", ...). */
  static boolean isCollector(String name) {
    return name.startsWith("GC Thread") || name.startsWith("G1 ");
  }

  private static Duration duration(long ticks) {
    return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
  }
}
