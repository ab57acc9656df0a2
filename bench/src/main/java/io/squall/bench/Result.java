package io.squall.bench;

/**
 * One measured figure: a peer on a workload. {@code value} is in {@code unit}; latencies in
 * microseconds (0 when the workload has none); CPU as a fraction of one core over the run.
 */
record Result(String peer, String workload, double value, String unit, double p50Micros, double p99Micros,
    double serverCpu, double loadgenCpu, long errors) {}
