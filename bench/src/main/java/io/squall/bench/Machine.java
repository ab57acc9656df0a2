package io.squall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about this machine and its processes, read from /proc. */
final class Machine {
  private Machine() {}

  /** Fraction of all CPU time used over {@code millis} (0..1). */
  static double busyFraction(long millis) throws IOException, InterruptedException {
    long[] a = cpuTimes();
    Thread.sleep(millis);
    long[] b = cpuTimes();
    long total = b[0] - a[0];
    long idle = b[1] - a[1];
    return total == 0 ? 0 : 1.0 - (double) idle / total;
  }

  /** {total, idle+iowait} jiffies from the first line of /proc/stat. */
  private static long[] cpuTimes() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
  }

  /** User + system CPU seconds a process has used. */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /** Resident set size of a process, with its children (taskset execs the server in place). */
  static long rssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return -1;
  }

  static String cpuModel() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
    return lines.stream().filter(l -> l.startsWith("model name")).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
  }

  static String kernel() throws IOException {
    return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
  }
}
