package glomers.harness.run;

import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import glomers.harness.nemesis.PartitionShapes;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every knob of one run: Maelstrom's options with their meanings, plus the harness's own (mode,
 * seed, results folder, simulator faults). {@code argv} is the command line that made it, so a
 * failed run can print the command that replays it.
 */
public record RunConfig(
        String workload,
        Path bin,
        List<String> nodes,
        long timeLimitSeconds,
        double rate,
        int concurrency,
        LatencyModel latency,
        boolean partitionNemesis,
        double nemesisIntervalSeconds,
        Optional<String> availability,
        String consistencyModels,
        String topology,
        int maxTxnLength,
        int maxWritesPerKey,
        Optional<Integer> keyCount,
        List<String> nodeArgs,
        Mode mode,
        long seed,
        Path resultsDir,
        Faults faults,
        boolean crash,
        List<String> partitionShapes,
        List<String> argv) {

    public enum Mode { SIM, PROCESS }

    /** The defaults of {@code maelstrom test}, for tests and programmatic runs. */
    public static RunConfig defaults(String workload, String bin, int nodeCount, long seed) {
        List<String> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add("n" + i);
        }
        return new RunConfig(workload, Path.of(bin), List.copyOf(nodes), 60, 5.0, nodeCount,
                new LatencyModel(LatencyModel.Distribution.CONSTANT, 0), false, 10.0, Optional.empty(),
                "strict-serializable", "grid", 4, 16, Optional.empty(), List.of(), Mode.SIM, seed,
                Path.of("results"), Faults.NONE, false, PartitionShapes.SPECS, List.of());
    }

    public RunConfig withTimeLimit(long seconds) {
        return new RunConfig(workload, bin, nodes, seconds, rate, concurrency, latency, partitionNemesis,
                nemesisIntervalSeconds, availability, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                keyCount, nodeArgs, mode, seed, resultsDir, faults, crash, partitionShapes, argv);
    }

    public RunConfig withRate(double r) {
        return new RunConfig(workload, bin, nodes, timeLimitSeconds, r, concurrency, latency, partitionNemesis,
                nemesisIntervalSeconds, availability, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                keyCount, nodeArgs, mode, seed, resultsDir, faults, crash, partitionShapes, argv);
    }

    public RunConfig withNemesis(boolean partition, Optional<String> avail) {
        return new RunConfig(workload, bin, nodes, timeLimitSeconds, rate, concurrency, latency, partition,
                nemesisIntervalSeconds, avail, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                keyCount, nodeArgs, mode, seed, resultsDir, faults, crash, partitionShapes, argv);
    }

    public RunConfig withLatency(LatencyModel l) {
        return new RunConfig(workload, bin, nodes, timeLimitSeconds, rate, concurrency, l, partitionNemesis,
                nemesisIntervalSeconds, availability, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                keyCount, nodeArgs, mode, seed, resultsDir, faults, crash, partitionShapes, argv);
    }

    public RunConfig withMode(Mode m, Path results) {
        return new RunConfig(workload, bin, nodes, timeLimitSeconds, rate, concurrency, latency, partitionNemesis,
                nemesisIntervalSeconds, availability, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                keyCount, nodeArgs, m, seed, results, faults, crash, partitionShapes, argv);
    }

    public RunConfig withNodeArgs(List<String> args) {
        return new RunConfig(workload, bin, nodes, timeLimitSeconds, rate, concurrency, latency, partitionNemesis,
                nemesisIntervalSeconds, availability, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                keyCount, List.copyOf(args), mode, seed, resultsDir, faults, crash, partitionShapes, argv);
    }

    /** Partitions from {@code shapes} only, every {@code intervalSeconds} on average. */
    public RunConfig withPartitions(double intervalSeconds, List<String> shapes) {
        return new RunConfig(workload, bin, nodes, timeLimitSeconds, rate, concurrency, latency, true,
                intervalSeconds, availability, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                keyCount, nodeArgs, mode, seed, resultsDir, faults, crash, List.copyOf(shapes), argv);
    }

    public RunConfig withFaults(Faults f, boolean crashes) {
        return new RunConfig(workload, bin, nodes, timeLimitSeconds, rate, concurrency, latency, partitionNemesis,
                nemesisIntervalSeconds, availability, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                keyCount, nodeArgs, mode, seed, resultsDir, f, crashes, partitionShapes, argv);
    }
}
