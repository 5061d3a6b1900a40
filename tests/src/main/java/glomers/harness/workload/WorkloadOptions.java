package glomers.harness.workload;

import java.util.List;
import java.util.Optional;

/** The run options a workload may read (topology, key counts, txn shape, consistency models). */
public record WorkloadOptions(List<String> nodes, int concurrency, String topology, Optional<Integer> keyCount,
                              int maxTxnLength, int maxWritesPerKey, String consistencyModels,
                              long latencyMs) {
}
