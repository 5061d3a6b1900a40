package glomers.harness.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.NodeLogic;
import glomers.harness.check.CheckResult;
import glomers.harness.check.Checker;
import glomers.harness.check.RunFacts;
import glomers.harness.check.Validity;
import glomers.harness.client.Client;
import glomers.harness.client.ClientIds;
import glomers.harness.client.ReplySchema;
import glomers.harness.cluster.ClusterNode;
import glomers.harness.cluster.Crashable;
import glomers.harness.cluster.ProcessNode;
import glomers.harness.cluster.RestartableProcessNode;
import glomers.harness.cluster.SimBinaries;
import glomers.harness.cluster.SimNode;
import glomers.harness.gen.ClientDriver;
import glomers.harness.history.History;
import glomers.harness.cluster.ClockSkewable;
import glomers.harness.cluster.Pausable;
import glomers.harness.nemesis.ClockSteps;
import glomers.harness.nemesis.Crashes;
import glomers.harness.nemesis.NodeNemesis;
import glomers.harness.nemesis.Pauses;
import glomers.harness.nemesis.PartitionNemesis;
import glomers.harness.net.Faults;
import glomers.harness.net.NetJournal;
import glomers.harness.net.Network;
import glomers.harness.sched.RealTimeScheduler;
import glomers.harness.sched.Scheduler;
import glomers.harness.sched.VirtualScheduler;
import glomers.harness.service.Services;
import glomers.harness.workload.Workload;
import glomers.harness.workload.WorkloadOptions;
import glomers.harness.workload.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One run, following Maelstrom's skeleton (core.clj, db.clj; Jepsen core.clj): spawn the nodes,
 * init them (10 s; an error or timeout aborts), relative time 0, setup clients, heal, the main
 * phase with the nemesis beside it, the final phase for workloads that have one (heal, sleep
 * 10 s, final ops), teardown (a node that exited on its own aborts), then the checkers. Beyond
 * Maelstrom, before teardown, the transaction workloads' convergence phase ({@link ConvergencePhase}).
 * Phases chain by callbacks on the scheduler's single loop.
 */
public final class Run {

    static final long INIT_TIMEOUT_NANOS = 10_000_000_000L;
    static final long FINAL_SLEEP_NANOS = 10_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final ReplySchema INIT_OK = ReplySchema.of("init_ok");

    private final RunConfig config;
    private final Workload workload;
    private final Scheduler scheduler;
    private final Network network;
    private final History history = new History();
    private final ClientIds clientIds = new ClientIds();
    private final SplittableRandom root;
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final Progress progress;
    private final Path runDir;
    private final String runName;
    private ClientDriver driver;
    /** Beyond Maelstrom, after the last op: txn workloads' convergence reads; null without one. */
    private ConvergencePhase convergence;
    private PartitionNemesis partitions;
    /** Crashes, pauses and clock steps, each its own schedule; empty without those flags. */
    private final List<NodeNemesis<?>> nodeFaults = new ArrayList<>();
    private Path workDir;
    private long timeZeroNanos = -1;
    private boolean finished;
    private String abortReason;

    private Run(RunConfig config, PrintStream progressOut, String runName) {
        this.config = config;
        this.workload = Workloads.create(config.workload(), new WorkloadOptions(config.nodes(), config.concurrency(),
                config.topology(), config.keyCount(), config.maxTxnLength(), config.maxWritesPerKey(),
                config.consistencyModels(), config.latency().meanMs()));
        boolean sim = config.mode() == RunConfig.Mode.SIM;
        this.scheduler = sim ? new VirtualScheduler() : new RealTimeScheduler();
        this.root = new SplittableRandom(config.seed());
        Faults faults = sim ? config.faults() : Faults.NONE;
        this.network = new Network(scheduler, config.latency(), faults, root.split());
        this.runName = runName;
        this.runDir = config.resultsDir().resolve(runName);
        this.progress = new Progress(progressOut, history, sim);
    }

    /** Runs to the end and judges the history. Never throws for anything the nodes do. */
    public static RunResult execute(RunConfig config, PrintStream progressOut) {
        String name = Reports.runName(config);
        return new Run(config, progressOut, name).execute();
    }

    private RunResult execute() {
        long wallStart = System.nanoTime();
        SplittableRandom nodeRandom = root.split();
        SplittableRandom clientRandom = root.split();
        SplittableRandom nemesisRandom = root.split();
        SplittableRandom crashRandom = root.split();
        try {
            spawn(nodeRandom);
        } catch (IOException | RuntimeException e) {
            abortReason = "could not start the nodes: " + e.getMessage();
        }
        if (abortReason == null) {
            driver = new ClientDriver(scheduler, network, history, workload, config.nodes(), clientIds,
                    config.concurrency(), config.rate(), config.timeLimitSeconds() * SECOND, clientRandom,
                    this::runTime);
            convergence = ConvergencePhase.of(config, workload, scheduler, network, clientIds).orElse(null);
            if (config.partitionNemesis()) {
                partitions = new PartitionNemesis(scheduler, network, history, config.nodes(), nemesisRandom,
                        (long) (config.nemesisIntervalSeconds() * SECOND), config.partitionShapes(), this::runTime);
            }
            long interval = (long) (config.nemesisIntervalSeconds() * SECOND);
            if (config.crash()) {
                nodeFaults.add(new NodeNemesis<>(scheduler, history, nodesAs(Crashable.class), crashRandom, interval,
                        new Crashes(interval), this::runTime));
            }
            // Their own streams, from the seed but not from root: runs without these flags keep
            // every draw they had, so every figure measured before stays reproducible.
            if (config.pause()) {
                nodeFaults.add(new NodeNemesis<>(scheduler, history, nodesAs(Pausable.class),
                        new SplittableRandom(config.seed() ^ 0x5041555345L), interval, new Pauses(), this::runTime));
            }
            if (config.clockSkew()) {
                nodeFaults.add(new NodeNemesis<>(scheduler, history, nodesAs(ClockSkewable.class),
                        new SplittableRandom(config.seed() ^ 0x434C4F434BL), interval, new ClockSteps(), this::runTime));
            }
            scheduler.at(0, this::init);
            progress.tick(scheduler, () -> finished || abortReason != null, this::runTime, driver);
            boolean done = scheduler.runUntil(() -> finished || abortReason != null, hardLimitNanos());
            if (!done && abortReason == null) {
                abortReason = "the run did not finish within " + hardLimitNanos() / SECOND
                        + " s (an op never completed?)";
            }
            driver.closeAll();
            if (convergence != null) {
                convergence.closeAll();
            }
        }
        teardown();
        double runSeconds = timeZeroNanos < 0 ? 0 : runTime() / 1e9;
        RunFacts facts = facts();
        List<CheckResult> checks = List.of();
        Validity verdict = null;
        boolean crashedOrNoInit = abortReason != null;
        if (!network.violations().isEmpty() && abortReason == null) {
            abortReason = network.violations().get(0).describe();
        }
        if (!crashedOrNoInit) {
            List<Checker> checkers = new ArrayList<>(CommonCheckers.list());
            checkers.addAll(workload.checkers());
            checks = Checks.run(checkers, history, facts);
            verdict = Checks.verdict(checks);
        }
        Map<String, String> stderr = new LinkedHashMap<>();
        nodes.forEach((id, node) -> stderr.put(id, node.stderr()));
        return new RunResult(config, runName, verdict, abortReason, network.violations(), checks, history, facts,
                HistoryHash.of(history), runSeconds, (System.nanoTime() - wallStart) / 1e9, stderr,
                network.journal().serverMessagesByType(), network.journal().serverMessagesDroppedByType(),
                network.journal().relayedByServers(), network.messages(),
                convergence == null ? null : convergence.report());
    }

    private long hardLimitNanos() {
        long slack = 60 * SECOND;
        return INIT_TIMEOUT_NANOS + Workload.DEFAULT_TIMEOUT_NANOS + config.timeLimitSeconds() * SECOND
                + 2 * (long) (2e9 / config.rate()) + 3 * Workload.DEFAULT_TIMEOUT_NANOS + FINAL_SLEEP_NANOS + slack
                + (convergence == null ? 0 : convergence.maxNanos());
    }

    private <T> List<T> nodesAs(Class<T> kind) {
        List<T> all = new ArrayList<>();
        for (ClusterNode node : nodes.values()) {
            if (!kind.isInstance(node)) {
                throw new IllegalStateException(node.id() + " cannot take this fault: " + kind.getSimpleName());
            }
            all.add(kind.cast(node));
        }
        return all;
    }

    long runTime() {
        return timeZeroNanos < 0 ? 0 : scheduler.nowNanos() - timeZeroNanos;
    }

    private void spawn(SplittableRandom nodeRandom) throws IOException {
        Services.start(network, root.split());
        Supplier<NodeLogic> logic = config.mode() != RunConfig.Mode.SIM ? null
                : config.nodeClass().map(SimBinaries::forNodeClass).orElseGet(() -> SimBinaries.forBin(config.bin()));
        for (String id : config.nodes()) {
            ClusterNode node;
            if (config.mode() == RunConfig.Mode.SIM) {
                node = new SimNode(id, logic, config.nodeArgs(), scheduler, network,
                        nodeRandom.split());
            } else {
                if (workDir == null) {
                    workDir = Files.createTempDirectory("glomers-run-");
                }
                // --clock-skew: each node's wall clock is offset by a file of its own (clock-file=).
                Path logDir = runDir.resolve("nodes");
                if (config.crash()) {
                    node = new RestartableProcessNode(id, config.bin(), config.nodeArgs(), workDir, logDir, scheduler,
                            network, config.clockSkew());
                } else if (config.clockSkew()) {
                    node = ProcessNode.startWithClockFile(id, config.bin(), config.nodeArgs(), workDir, logDir,
                            scheduler, network);
                } else {
                    node = ProcessNode.start(id, config.bin(), config.nodeArgs(), workDir, logDir, scheduler, network);
                }
            }
            nodes.put(id, node);
            network.add(id, node);
        }
    }

    // ---- phases ----

    private void init() {
        int[] remaining = {nodes.size()};
        for (String id : nodes.keySet()) {
            Client client = new Client(clientIds.next(), id, network, scheduler);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("type", "init");
            body.put("node_id", id);
            var ids = body.putArray("node_ids");
            config.nodes().forEach(ids::add);
            client.call(body, INIT_TIMEOUT_NANOS, reply -> {
                client.close();
                String problem = reply == null ? "no init_ok within 10 s"
                        : "error".equals(reply.path("type").asText()) ? "init failed with " + reply
                        : INIT_OK.violation(reply);
                if (problem != null) {
                    abort("node " + id + ": " + problem + lastStderr(id));
                    return;
                }
                if (--remaining[0] == 0) {
                    timeZeroNanos = scheduler.nowNanos();
                    network.messages().startClock(timeZeroNanos);
                    setup();
                }
            });
        }
    }

    /** One setup client per node, always opened (they use up client ids); only some send. */
    private void setup() {
        int[] remaining = {nodes.size()};
        Runnable oneDone = () -> {
            if (--remaining[0] == 0) {
                main();
            }
        };
        for (String id : nodes.keySet()) {
            Client client = new Client(clientIds.next(), id, network, scheduler);
            Optional<ObjectNode> request = workload.setupRequest(id, config.nodes());
            if (request.isEmpty()) {
                client.close();
                oneDone.run();
                continue;
            }
            client.call(request.get(), Workload.DEFAULT_TIMEOUT_NANOS, reply -> {
                client.close();
                String problem = reply == null ? "no reply to setup within 5 s" : workload.setupReplySchema().violation(reply);
                if (problem != null) {
                    abort("setup of node " + id + " failed: " + problem);
                    return;
                }
                oneDone.run();
            });
        }
    }

    private void main() {
        if (abortReason != null) {
            return;
        }
        network.heal();
        driver.startMain(this::afterMain);
        long cutoff = scheduler.nowNanos() + config.timeLimitSeconds() * SECOND;
        if (partitions != null) {
            partitions.start(cutoff);
        }
        nodeFaults.forEach(f -> f.start(cutoff));
    }

    private void afterMain() {
        // Crashed nodes restart on their own schedule; paused ones resume and clocks are reset now.
        nodeFaults.forEach(f -> f.stop(true));
        if (!workload.hasFinalPhase()) {
            if (partitions != null) {
                partitions.stop(false);
            }
            if (convergence != null) {
                // Maelstrom's run ends here: what follows is ours and stays out of the history.
                convergence.start(history.ops(), () -> finished = true);
                return;
            }
            finished = true;
            return;
        }
        if (partitions != null) {
            partitions.stop(true);
        }
        scheduler.at(scheduler.nowNanos() + FINAL_SLEEP_NANOS, () -> driver.startFinal(() -> finished = true));
    }

    private void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
    }

    private String lastStderr(String id) {
        String err = nodes.get(id).stderr();
        if (err.isEmpty()) {
            return "";
        }
        return "; its stderr ends with:\n" + (err.length() > 2000 ? err.substring(err.length() - 2000) : err);
    }

    private void teardown() {
        // Every node's input ends first, so the processes write their last lines and exit together.
        for (ClusterNode node : nodes.values()) {
            node.endInput();
        }
        for (ClusterNode node : nodes.values()) {
            String crash = node.stop();
            if (crash != null) {
                abort(crash);
            }
        }
        if (workDir != null) {
            deleteQuietly(workDir);
        }
    }

    /** The nodes' shared working directory goes once they are dead; failing that is only logged. */
    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[harness] could not delete " + dir + ": " + e);
        }
    }

    // ---- checking ----

    private RunFacts facts() {
        NetJournal journal = network.journal();
        return new RunFacts(journal.all(), journal.clients(), journal.servers(), config.availability());
    }
}
