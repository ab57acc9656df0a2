package io.squall.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a Flight Recorder recording says about one measured window of a JVM peer: where its CPU
 * went, what it allocated per operation and where, and its collections. Only events inside the
 * window count; a recording may hold more (the warm-up, the chunks around it).
 *
 * <p>CPU comes from the CPU-time samples (JDK 25's {@code jdk.CPUTimeSample}, taken per slice of
 * CPU a thread uses, so the time a thread spends in the kernel counts too, against the Java frame
 * that called it); without them, from the execution samples, which see only Java code running.
 * Allocation comes from the allocation samples, each weighted by the bytes it stands for, so the
 * total is an estimate.
 *
 * @param cpuEvent the sample event the CPU figures come from
 * @param cpuSamples CPU samples in the window, all threads
 * @param lostCpuSamples CPU-time samples the JVM dropped in the window (its buffer was full)
 * @param selfFrames methods on top of the stack (where the CPU was spent), share of samples
 * @param totalFrames methods anywhere on the stack (what the CPU was spent under), share of samples
 * @param threads threads by share of samples
 * @param allocatedBytes bytes allocated in the window, estimated from the allocation samples
 * @param allocationSites allocated class and the first frame outside the JDK, share of the bytes
 * @param collections garbage collections that started in the window
 * @param gcPause their pauses, summed
 */
public record ProfileSummary(String title, Instant start, Instant end, long operations, String operation,
    String cpuEvent, int cpuSamples, long lostCpuSamples, List<Share> selfFrames, List<Share> totalFrames,
    List<Share> threads, long allocatedBytes, List<Share> allocationSites, int collections, Duration gcPause) {

  /** Lines kept per table. */
  static final int TOP = 20;
  static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";
  static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

  /** One row of a table: what, and its share (0..1). */
  public record Share(String what, double share) {}

  /**
   * Reads {@code jfr}, keeping the events from {@code start} to {@code end}.
   *
   * @param operations what the load generator counted in the window (messages, handshakes...)
   * @param operation what one of them is called, e.g. "message"
   */
  public static ProfileSummary read(Path jfr, String title, Instant start, Instant end, long operations, String operation)
      throws IOException {
    Counter cpuTime = new Counter();
    Counter execution = new Counter();
    Map<String, Double> allocation = new HashMap<>();
    double allocated = 0;
    long lost = 0;
    int collections = 0;
    Duration pause = Duration.ZERO;
    try (RecordingFile file = new RecordingFile(jfr)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (e.getStartTime().isBefore(start) || e.getStartTime().isAfter(end)) {
          continue;
        }
        switch (e.getEventType().getName()) {
          case CPU_TIME_SAMPLE -> cpuTime.add(e);
          case EXECUTION_SAMPLE -> execution.add(e);
          case "jdk.CPUTimeSamplesLost" -> lost += e.getLong("lostSamples");
          case "jdk.ObjectAllocationSample" -> {
            double weight = e.getLong("weight");
            allocated += weight;
            String site = e.getClass("objectClass").getName() + " at " + firstOwnFrame(e.getStackTrace());
            allocation.merge(site, weight, Double::sum);
          }
          case "jdk.GarbageCollection" -> {
            collections++;
            pause = pause.plus(e.getDuration("sumOfPauses"));
          }
          default -> {}
        }
      }
    }
    Counter cpu = cpuTime.samples > 0 ? cpuTime : execution;
    return new ProfileSummary(title, start, end, operations, operation,
        cpu == cpuTime ? CPU_TIME_SAMPLE : EXECUTION_SAMPLE, cpu.samples, lost,
        top(cpu.self, cpu.samples), top(cpu.total, cpu.samples), top(cpu.threads, cpu.samples),
        Math.round(allocated), top(allocation, allocated), collections, pause);
  }

  /** Samples counted three ways: by top method, by every method on the stack, by thread. */
  private static final class Counter {
    int samples;
    final Map<String, Double> self = new HashMap<>();
    final Map<String, Double> total = new HashMap<>();
    final Map<String, Double> threads = new HashMap<>();

    void add(RecordedEvent e) {
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        return; // a sample whose stack could not be taken says nothing about where
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(method(frames.get(0)), 1.0, Double::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        if (seen.add(method(f))) {
          total.merge(method(f), 1.0, Double::sum);
        }
      }
      // execution samples name the thread they sampled; CPU-time samples are the thread's own events
      RecordedThread t = e.getThread(e.hasField("sampledThread") ? "sampledThread" : "eventThread");
      String thread = t == null ? null : t.getJavaName() != null ? t.getJavaName() : t.getOSName();
      threads.merge(thread == null ? "?" : thread, 1.0, Double::sum);
    }
  }

  static String method(RecordedFrame f) {
    String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
    return f.isJavaFrame() ? m : m + " (native)";
  }

  /** The allocating frame that is not the JDK's own (the peer's code, or its library's), else the top one. */
  static String firstOwnFrame(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "?";
    }
    for (RecordedFrame f : stack.getFrames()) {
      String type = f.getMethod().getType().getName();
      if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
        return method(f) + " line " + f.getLineNumber();
      }
    }
    return method(stack.getFrames().get(0));
  }

  private static List<Share> top(Map<String, Double> counts, double whole) {
    List<Share> rows = new ArrayList<>();
    if (whole <= 0) {
      return rows;
    }
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .forEach(en -> rows.add(new Share(en.getKey(), en.getValue() / whole)));
    return rows;
  }

  /** Allocated bytes per operation (estimated), or -1 when nothing was counted. */
  public double bytesPerOperation() {
    return operations > 0 ? (double) allocatedBytes / operations : -1;
  }

  /** The summary as the text file written next to the recording. */
  public String format() {
    StringBuilder s = new StringBuilder();
    double seconds = Duration.between(start, end).toNanos() / 1e9;
    s.append(title).append('\n');
    s.append("window: %s, %.1f s, %,d %ss%n".formatted(start, seconds, operations, operation));
    s.append("%nCPU: %,d samples (%s)%s%n".formatted(cpuSamples, cpuEvent,
        lostCpuSamples > 0 ? ", %,d more lost".formatted(lostCpuSamples) : ""));
    if (cpuEvent.equals(EXECUTION_SAMPLE)) {
      s.append("  (execution samples see Java code only: time in the kernel and in native code is not in them)\n");
    }
    table(s, "by thread", threads);
    table(s, "self: the method on top of the stack", selfFrames);
    table(s, "total: the method anywhere on the stack", totalFrames);
    s.append("%nAllocation (estimated from the allocation samples): %,d bytes".formatted(allocatedBytes));
    if (operations > 0) {
      s.append(", %,.0f bytes per %s".formatted(bytesPerOperation(), operation));
    }
    s.append('\n');
    table(s, "class, at the first frame outside the JDK", allocationSites);
    s.append("%nGC: %d collections, %.2f ms paused%n".formatted(collections, gcPause.toNanos() / 1e6));
    return s.toString();
  }

  private static void table(StringBuilder s, String heading, List<Share> rows) {
    s.append("  ").append(heading).append(":\n");
    if (rows.isEmpty()) {
      s.append("    (none)\n");
    }
    for (Share r : rows) {
      s.append("    %5.1f %%  %s%n".formatted(100 * r.share(), r.what()));
    }
  }

  /** The few lines printed while the run goes on: the top self methods and the allocation per operation. */
  public List<String> headline(int methods) {
    Set<String> lines = new LinkedHashSet<>();
    selfFrames.stream().limit(methods).forEach(r -> lines.add("%5.1f %%  %s".formatted(100 * r.share(), r.what())));
    if (operations > 0 && allocatedBytes > 0) {
      lines.add("allocated about %,.0f bytes per %s; %d GCs, %.2f ms paused".formatted(
          bytesPerOperation(), operation, collections, gcPause.toNanos() / 1e6));
    }
    return List.copyOf(lines);
  }
}
