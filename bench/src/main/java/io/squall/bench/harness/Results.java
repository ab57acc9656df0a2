package io.squall.bench.harness;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** What one run of the bench measured, as written to bench/results/&lt;date&gt;.json. Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Results(
    String date,
    String mode,
    double wallSeconds,
    Map<String, String> machine,
    Map<String, String> versions,
    List<String> jvmFlags,
    List<PeerInfo> peers,
    List<WorkloadResult> workloads) {

  public record PeerInfo(String name, String label, String runtime, String version) {}

  /** The result of workload {@code id}, or null when this run did not measure it. */
  public WorkloadResult workload(String id) {
    return workloads.stream().filter(w -> w.id().equals(id)).findFirst().orElse(null);
  }

  /** One workload with a row per peer. */
  public record WorkloadResult(String id, String title, String metric, boolean higherIsBetter, Map<String, Object> params,
      List<Row> rows) {
    public Row row(String peer) {
      return rows.stream().filter(r -> r.peer().equals(peer)).findFirst().orElse(null);
    }
  }

  /** The {@link Row#extra} key of the server's kernel (system) CPU over the window, % of its one core. */
  public static final String SERVER_KERNEL_PCT = "serverKernelCpuPct";

  /**
   * One peer's figure for one workload.
   *
   * @param value the headline figure in the workload's metric; null when the run failed
   * @param p50us median latency (round trip for echo, delivery for broadcast, whole handshake)
   * @param p99us 99th percentile of the same
   * @param serverCpuPct server CPU over the window, % of its one core
   * @param loadgenCpuPct load generator CPU over the window, % of its one core
   * @param foreignCpuPct CPU used by anything else over the window, % of one core
   * @param note what went wrong or what to know (null when nothing)
   * @param extra workload-specific figures (offered rate, RSS at each stage, errors, attempts)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(String peer, Double value, Double p50us, Double p99us, Double serverCpuPct, Double loadgenCpuPct,
      Double foreignCpuPct, String note, Map<String, Object> extra) {
    public boolean ok() {
      return value != null;
    }

    /** The part of {@link #serverCpuPct} the server spent in the kernel, or null when not recorded. */
    public Double serverKernelPct() {
      return extra != null && extra.get(SERVER_KERNEL_PCT) instanceof Number n ? n.doubleValue() : null;
    }

    public static Row failed(String peer, String note) {
      return new Row(peer, null, null, null, null, null, null, note, null);
    }
  }
}
