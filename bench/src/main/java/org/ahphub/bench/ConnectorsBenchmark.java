package org.ahphub.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.connectors.ConnectorsCli;
import org.ahphub.embedded.ScratchDirectory;

/**
 * Imports a generated e-Learning for Health completions export through a running hub's LRS and
 * prints rows/s end to end. The file is written and read as a stream, so memory stays bounded
 * whatever the row count; the table reports the peak heap the import needed.
 *
 * <pre>
 * java -cp bench/target/ahp-hub-bench.jar org.ahphub.bench.ConnectorsBenchmark \
 *     --url http://localhost:8080 --key dev --secret dev-secret [--rows 1000000] [--batch 1000] [--dir /tmp]
 * </pre>
 */
public final class ConnectorsBenchmark {

  /** Course codes of the default e-LfH mapping (statutory training, Care Certificate) and some unmapped ones. */
  private static final List<String> COURSES = List.of("STAT_IPC_L1", "STAT_IPC_L2", "STAT_FS_L1", "STAT_MH_L1",
      "STAT_MH_L2", "STAT_SGA_L2", "STAT_SGC_L2", "STAT_EDHR_L1", "STAT_HSW_L1", "STAT_CR_L1", "STAT_PREVENT_L1",
      "STAT_RES_L1", "STAT_IGDS_L1", "CC_STD_01", "CC_STD_05", "CC_STD_09", "ELFH_DEMENTIA_T1", "ELFH_SEPSIS");
  private static final DateTimeFormatter UK = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

  private ConnectorsBenchmark() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = options(args);
    int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
    try (ScratchDirectory scratch = ScratchDirectory.create(
        Path.of(options.getOrDefault("dir", System.getProperty("java.io.tmpdir"))), "elfh-bench-")) {
      run(scratch.path(), rows, options);
    }
  }

  private static void run(Path dir, int rows, Map<String, String> options) throws IOException {
    Path export = dir.resolve("elfh-completions-" + rows + ".csv");

    long generating = System.nanoTime();
    generate(export, rows);
    double generateSeconds = (System.nanoTime() - generating) / 1e9;

    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("CONNECTORS_STATE_DIR", dir.resolve("state").toString());
    String[] importArgs = {"import", "elfh", export.toString(), "--lrs", options.getOrDefault("url", "http://localhost:8080"),
        "--key", options.getOrDefault("key", "dev"), "--secret", options.getOrDefault("secret", "dev-secret"),
        "--batch", options.getOrDefault("batch", "1000")};
    resetPeakHeap();
    long importing = System.nanoTime();
    int exit = ConnectorsCli.run(importArgs, env, new PrintStream(OutputStream.nullOutputStream()), System.err);
    double importSeconds = (System.nanoTime() - importing) / 1e9;

    System.out.printf("""

        | e-LfH import benchmark                 |                 |
        |----------------------------------------|-----------------|
        | rows in the generated export           | %,15d |
        | file size                              | %,12d MB |
        | generating the file                    | %13.1f s |
        | import (read, translate, post, commit) | %13.1f s |
        | rows/s end to end                      | %15s |
        | peak heap during the import            | %,12d MB |
        | exit code of the import                | %15d |
        %n""", rows, Files.size(export) / (1024 * 1024), generateSeconds, importSeconds,
        // A stopped import did not read the whole file: a rate over all its rows would overstate it.
        exit == 0 ? String.format("%,.0f", rows / importSeconds) : "not finished",
        peakHeapMegabytes(), exit);
  }

  /** A realistic export: 50,000 learners, a mix of mapped and unmapped courses, scores, UK dates. */
  private static void generate(Path file, int rows) throws IOException {
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 8, 0);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("Learner ID,Email,Course ID,Course Title,Completion Date,Score,Pass/Fail,Certificate ID\n");
      for (int i = 0; i < rows; i++) {
        String course = COURSES.get(i % COURSES.size());
        int score = 60 + (i * 7) % 41;
        out.write("L" + (100000 + i % 50000) + ",," + course + "," + course.replace('_', ' ') + ","
            + UK.format(start.plusMinutes(i)) + "," + score + "%," + (score >= 80 ? "Pass" : "Fail") + ",CERT-" + i + "\n");
      }
    }
  }

  private static void resetPeakHeap() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapMegabytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum() / (1024 * 1024);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
