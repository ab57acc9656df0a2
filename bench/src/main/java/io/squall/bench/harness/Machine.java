package io.squall.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which machine produced a run: CPU, cores, memory, kernel, virtualisation. */
public final class Machine {
  private Machine() {}

  public static Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    String cpuinfo = read("/proc/cpuinfo");
    String model = cpuinfo.lines().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst().orElse("unknown CPU");
    boolean vm = cpuinfo.contains(" hypervisor");
    int cores = (int) cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
    long memKb = read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .findFirst().orElse(0L);
    m.put("cpu", model);
    m.put("cores", Integer.toString(cores));
    m.put("memory", "%.0f GiB RAM".formatted(memKb / 1048576.0));
    m.put("kernel", read("/proc/sys/kernel/osrelease").strip());
    m.put("virtualised", Boolean.toString(vm));
    m.put("os", read("/etc/debian_version").isBlank() ? "Linux" : "Debian " + read("/etc/debian_version").strip());
    m.put("summary", "%s, %s, %s, %s%s".formatted(model, cores + " vCPU" + (cores == 1 ? "" : "s"),
        m.get("memory"), m.get("os"), vm ? " (virtual machine)" : ""));
    return m;
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      return "";
    }
  }
}
