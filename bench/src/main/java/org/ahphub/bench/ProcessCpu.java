package org.ahphub.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time the machine's processes have used, by kind: PostgreSQL's, other JVMs' (the hub's services, Kafka
 * in the launcher) and the rest, from {@code /proc/<pid>/stat}, this benchmark's own process left out. Taken
 * before and after a phase it says where the pipeline's CPU went. A process that ends in between (a PostgreSQL
 * backend whose connection closed) takes its time with it, so the parts may sum to less than the machine's.
 */
final class ProcessCpu {

  static final String POSTGRES = "PostgreSQL";
  static final String JVMS = "JVMs (hub)";
  static final String OTHER = "other";
  private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ on Linux

  private ProcessCpu() {}

  /** Nanoseconds of CPU (user + system) per kind of process, for the processes running now. */
  static Map<String, Long> byKind() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    for (String kind : new String[] {JVMS, POSTGRES, OTHER}) {
      nanos.put(kind, 0L);
    }
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        if (Long.parseLong(process.getFileName().toString()) == self) {
          continue;
        }
        try {
          String stat = Files.readString(process.resolve("stat"));
          String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
          String kind = command.equals("postgres") ? POSTGRES : command.equals("java") ? JVMS : OTHER;
          nanos.merge(kind, ticks * NANOS_PER_TICK, Long::sum);
        } catch (IOException | RuntimeException gone) {
          // the process ended while it was read
        }
      }
    } catch (IOException unavailable) {
      return Map.of();
    }
    return nanos;
  }

  /** {@code after - before}, per kind. */
  static Map<String, Long> since(Map<String, Long> before) {
    Map<String, Long> used = new LinkedHashMap<>();
    byKind().forEach((kind, nanos) -> used.put(kind, nanos - before.getOrDefault(kind, 0L)));
    return used;
  }
}
