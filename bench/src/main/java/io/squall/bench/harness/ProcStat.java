package io.squall.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What Linux's /proc says about CPU time and memory: process CPU ticks, resident memory, and who
 * else is using the machine. Linux only (the bench pins with taskset anyway). Stateless.
 */
public final class ProcStat {
  /** USER_HZ: /proc reports CPU time in ticks of 1/100 s on every Linux the bench targets. */
  public static final int TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /** utime + stime of a process, all threads included, in ticks; -1 when it is gone. */
  public static long cpuTicks(long pid) {
    return ticks(pid, ProcStat::parseCpuTicks);
  }

  /**
   * stime of a process, all threads included, in ticks: the part of {@link #cpuTicks} spent in the
   * kernel (its syscalls, and the TCP stack's work they trigger); -1 when it is gone.
   */
  public static long kernelTicks(long pid) {
    return ticks(pid, ProcStat::parseKernelTicks);
  }

  /** {@code parse} applied to the /proc/PID/stat line of a process; -1 when it is gone. */
  private static long ticks(long pid, java.util.function.ToLongFunction<String> parse) {
    try {
      return parse.applyAsLong(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime from one /proc/PID/stat line (the command may hold spaces and parentheses). */
  static long parseCpuTicks(String statLine) {
    String[] f = statFields(statLine);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the line
  }

  /** stime alone from one /proc/PID/stat line. */
  static long parseKernelTicks(String statLine) {
    return Long.parseLong(statFields(statLine)[12]); // field 15 of the line
  }

  /** The fields after the command, the state first. */
  private static String[] statFields(String statLine) {
    return statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
  }

  static String commandName(String statLine) {
    return statLine.substring(statLine.indexOf('(') + 1, statLine.lastIndexOf(')'));
  }

  /** VmRSS of a process in bytes; -1 when unknown. */
  public static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** CPU ticks of every process now, keyed by pid, with its command name. */
  public static Map<Long, Sample> snapshot() {
    Map<Long, Sample> out = new HashMap<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          String line = Files.readString(p.resolve("stat"));
          out.put(Long.parseLong(p.getFileName().toString()), new Sample(commandName(line), parseCpuTicks(line)));
        } catch (IOException | RuntimeException e) {
          // the process ended meanwhile
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list /proc: " + e.getMessage(), e);
    }
    return out;
  }

  /** A process's CPU ticks at one moment. */
  public record Sample(String command, long ticks) {}

  /** CPU used by processes other than {@code own} between two snapshots, busiest first. */
  public static Foreign foreign(Map<Long, Sample> before, Map<Long, Sample> after, Set<Long> own, double seconds) {
    List<String> top = new ArrayList<>();
    long total = 0;
    List<Map.Entry<Long, Long>> deltas = new ArrayList<>();
    for (Map.Entry<Long, Sample> e : after.entrySet()) {
      if (own.contains(e.getKey())) {
        continue;
      }
      Sample b = before.get(e.getKey());
      long d = e.getValue().ticks() - (b == null ? 0 : b.ticks());
      if (d > 0) {
        total += d;
        deltas.add(Map.entry(e.getKey(), d));
      }
    }
    deltas.sort(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder()));
    for (Map.Entry<Long, Long> d : deltas.subList(0, Math.min(3, deltas.size()))) {
      top.add("%s (pid %d, %.0f%%)".formatted(after.get(d.getKey()).command(), d.getKey(),
          percentOfCore(d.getValue(), seconds)));
    }
    return new Foreign(percentOfCore(total, seconds), top);
  }

  /** Foreign CPU use as a percentage of one core, and the busiest foreign processes. */
  public record Foreign(double percentOfCore, List<String> busiest) {}

  public static double percentOfCore(long ticks, double seconds) {
    return seconds <= 0 ? 0 : 100.0 * ticks / TICKS_PER_SECOND / seconds;
  }

  /** Our own JVM and everything it started, so the quiet check does not count us. */
  public static Set<Long> ownProcessTree() {
    Set<Long> own = new java.util.HashSet<>();
    ProcessHandle self = ProcessHandle.current();
    own.add(self.pid());
    self.descendants().forEach(p -> own.add(p.pid()));
    return own;
  }
}
