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
 * failed run can print the command that replays it. {@code nodeClass}, when present, is the
 * user's node logic the simulator runs instead of {@code bin}'s built-in one ({@code --node-class}).
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
        boolean pause,
        boolean clockSkew,
        List<String> partitionShapes,
        List<String> argv,
        Optional<String> nodeClass,
        boolean convergence,
        double convergenceSettleSeconds) {

    /**
     * The convergence phase's default wait between the heal and the reads: Maelstrom's own wait
     * before final reads (the 10 s sleep of its final generators), which the gossip library's
     * bounds are designed inside (a healed link idle under 6 s, a resend within 4 periods + 1 s).
     */
    public static final double DEFAULT_CONVERGENCE_SETTLE_SECONDS = 10;

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
                Path.of("results"), Faults.NONE, false, false, false, PartitionShapes.SPECS, List.of(),
                Optional.empty(), true, DEFAULT_CONVERGENCE_SETTLE_SECONDS);
    }

    public RunConfig withTimeLimit(long seconds) {
        Copy c = new Copy(this);
        c.timeLimitSeconds = seconds;
        return c.build();
    }

    public RunConfig withRate(double r) {
        Copy c = new Copy(this);
        c.rate = r;
        return c.build();
    }

    /** Client threads; thread t talks to node t mod n. */
    public RunConfig withConcurrency(int threads) {
        Copy c = new Copy(this);
        c.concurrency = threads;
        return c.build();
    }

    public RunConfig withNemesis(boolean partition, Optional<String> avail) {
        Copy c = new Copy(this);
        c.partitionNemesis = partition;
        c.availability = avail;
        return c.build();
    }

    public RunConfig withLatency(LatencyModel l) {
        Copy c = new Copy(this);
        c.latency = l;
        return c.build();
    }

    public RunConfig withMode(Mode m, Path results) {
        Copy c = new Copy(this);
        c.mode = m;
        c.resultsDir = results;
        return c.build();
    }

    /** Maelstrom's --consistency-models, as written on its command line. */
    public RunConfig withConsistencyModels(String models) {
        Copy c = new Copy(this);
        c.consistencyModels = models;
        return c.build();
    }

    public RunConfig withNodeArgs(List<String> args) {
        Copy c = new Copy(this);
        c.nodeArgs = List.copyOf(args);
        return c.build();
    }

    /** Partitions from {@code shapes} only, every {@code intervalSeconds} on average. */
    public RunConfig withPartitions(double intervalSeconds, List<String> shapes) {
        Copy c = new Copy(this);
        c.partitionNemesis = true;
        c.nemesisIntervalSeconds = intervalSeconds;
        c.partitionShapes = List.copyOf(shapes);
        return c.build();
    }

    /** The same run with another node binary: for tests' deliberately broken variants. */
    public RunConfig withBin(String launcher) {
        Copy c = new Copy(this);
        c.bin = Path.of(launcher);
        return c.build();
    }

    /** The same run with the user's node logic {@code className} (sim mode): {@code --node-class}. */
    public RunConfig withNodeClass(String className) {
        Copy c = new Copy(this);
        c.nodeClass = Optional.of(className);
        return c.build();
    }

    /** The mean gap between nemesis ops (partitions and node faults), {@code --nemesis-interval}. */
    public RunConfig withNemesisInterval(double seconds) {
        Copy c = new Copy(this);
        c.nemesisIntervalSeconds = seconds;
        return c.build();
    }

    public RunConfig withFaults(Faults f, boolean crashes) {
        Copy c = new Copy(this);
        c.faults = f;
        c.crash = crashes;
        return c.build();
    }

    /** {@code --pause} and {@code --clock-skew}: the node faults beyond crashes. */
    public RunConfig withNodeFaults(boolean pauses, boolean clockSteps) {
        Copy c = new Copy(this);
        c.pause = pauses;
        c.clockSkew = clockSteps;
        return c.build();
    }

    /**
     * Beyond Maelstrom: the convergence phase after the last op ({@code --no-convergence} turns it
     * off), and its wait between the heal and the reads ({@code --convergence-settle}).
     */
    public RunConfig withConvergence(boolean on, double settleSeconds) {
        Copy c = new Copy(this);
        c.convergence = on;
        c.convergenceSettleSeconds = settleSeconds;
        return c.build();
    }

    /** A mutable copy, so each wither names only what it changes. */
    private static final class Copy {
        final String workload;
        Path bin;
        final List<String> nodes;
        long timeLimitSeconds;
        double rate;
        int concurrency;
        LatencyModel latency;
        boolean partitionNemesis;
        double nemesisIntervalSeconds;
        Optional<String> availability;
        String consistencyModels;
        final String topology;
        final int maxTxnLength;
        final int maxWritesPerKey;
        final Optional<Integer> keyCount;
        List<String> nodeArgs;
        Mode mode;
        final long seed;
        Path resultsDir;
        Faults faults;
        boolean crash;
        boolean pause;
        boolean clockSkew;
        List<String> partitionShapes;
        final List<String> argv;
        Optional<String> nodeClass;
        boolean convergence;
        double convergenceSettleSeconds;

        Copy(RunConfig c) {
            workload = c.workload;
            bin = c.bin;
            nodes = c.nodes;
            timeLimitSeconds = c.timeLimitSeconds;
            rate = c.rate;
            concurrency = c.concurrency;
            latency = c.latency;
            partitionNemesis = c.partitionNemesis;
            nemesisIntervalSeconds = c.nemesisIntervalSeconds;
            availability = c.availability;
            consistencyModels = c.consistencyModels;
            topology = c.topology;
            maxTxnLength = c.maxTxnLength;
            maxWritesPerKey = c.maxWritesPerKey;
            keyCount = c.keyCount;
            nodeArgs = c.nodeArgs;
            mode = c.mode;
            seed = c.seed;
            resultsDir = c.resultsDir;
            faults = c.faults;
            crash = c.crash;
            pause = c.pause;
            clockSkew = c.clockSkew;
            partitionShapes = c.partitionShapes;
            argv = c.argv;
            nodeClass = c.nodeClass;
            convergence = c.convergence;
            convergenceSettleSeconds = c.convergenceSettleSeconds;
        }

        RunConfig build() {
            return new RunConfig(workload, bin, nodes, timeLimitSeconds, rate, concurrency, latency, partitionNemesis,
                    nemesisIntervalSeconds, availability, consistencyModels, topology, maxTxnLength, maxWritesPerKey,
                    keyCount, nodeArgs, mode, seed, resultsDir, faults, crash, pause, clockSkew, partitionShapes, argv,
                    nodeClass, convergence, convergenceSettleSeconds);
        }
    }
}
