package io.squall.bench.harness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A JVM's performance counters read straight from the file it shares them in
 * ({@code /tmp/hsperfdata_<user>/<pid>}, the one jstat reads), printed as {@code jcmd
 * PerfCounter.print} prints them ({@code name=value}, one per line; the long scalars only). jcmd
 * starts a JVM of its own for every question (a quarter of a second); the idle workload asks for
 * the young collections after every 0.2 s churn, so reading the file keeps its fills short.
 */
final class PerfCounters {
  private PerfCounters() {}

  /** The prologue's magic, as its first four bytes read big-endian whatever the file's byte order. */
  private static final int MAGIC = 0xcafec0c0;
  private static final int PROLOGUE_BYTES = 32;
  private static final int ENTRY_HEADER_BYTES = 20;

  /** The counters of the JVM with this pid, or empty when its file is absent or not one this reads. */
  static Optional<String> print(long pid) {
    Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
    try {
      return parse(ByteBuffer.wrap(Files.readAllBytes(file)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The long scalars of a PerfData buffer (HotSpot's perfMemory.hpp layout, version 2). */
  static Optional<String> parse(ByteBuffer b) {
    if (b.remaining() < PROLOGUE_BYTES || b.order(ByteOrder.BIG_ENDIAN).getInt(0) != MAGIC || b.get(5) != 2) {
      return Optional.empty();
    }
    b.order(b.get(4) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int entry = b.getInt(24);
    int count = b.getInt(28);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int length = b.getInt(entry);
      if (length < ENTRY_HEADER_BYTES || entry + length > b.limit()) {
        return Optional.empty();
      }
      boolean scalarLong = b.getInt(entry + 8) == 0 && b.get(entry + 12) == 'J';
      if (scalarLong) {
        out.append(name(b, entry + b.getInt(entry + 4), entry + length)).append('=').append(b.getLong(entry + b.getInt(entry + 16))).append('\n');
      }
      entry += length;
    }
    return Optional.of(out.toString());
  }

  /** The NUL-terminated name starting at {@code from}, within its entry. */
  private static String name(ByteBuffer b, int from, int end) {
    int to = from;
    while (to < end && b.get(to) != 0) {
      to++;
    }
    byte[] bytes = new byte[to - from];
    b.get(from, bytes);
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
