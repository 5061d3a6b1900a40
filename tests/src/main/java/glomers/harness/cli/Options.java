package glomers.harness.cli;

import glomers.harness.cluster.SimBinaries;
import glomers.harness.nemesis.PartitionShapes;
import glomers.harness.net.Faults;
import glomers.harness.net.LatencyModel;
import glomers.harness.run.RunConfig;
import glomers.harness.workload.WorkloadOptions;
import glomers.harness.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code maelstrom test}'s options, names and defaults (Maelstrom core.clj, Jepsen cli.clj), plus
 * the harness's own. Words that are not options become the node's arguments, as in Maelstrom.
 */
final class Options {

    /** Option name -> help; flags (no value) are marked in {@link #FLAGS}. */
    static final Map<String, String> HELP = new LinkedHashMap<>();
    static final List<String> FLAGS = List.of("--crash", "--pause", "--clock-skew", "--no-convergence", "--help");

    static {
        HELP.put("-w/--workload", "workload: " + String.join(", ", Workloads.names()));
        HELP.put("--bin", "the node: in process mode any executable (maelstrom-bin/echo, tests/examples/python/echo.py), in sim mode a launcher whose name picks the logic");
        HELP.put("--node-class", "sim only, instead of --bin: a NodeLogic class on the classpath (public static "
                + "newLogic() or public no-arg constructor); run as java -cp tests/target/harness.jar:my-node.jar "
                + "glomers.harness.cli.HarnessMain test ...");
        HELP.put("--node-count", "number of nodes n0..n(N-1)");
        HELP.put("--nodes", "comma-separated node ids (default n1,n2,n3,n4,n5)");
        HELP.put("--time-limit", "seconds of main phase (default 60)");
        HELP.put("--rate", "ops per second (default 5)");
        HELP.put("--concurrency", "client threads, N or Nn (default 1n)");
        HELP.put("--latency", "mean network latency in ms (default 0)");
        HELP.put("--latency-dist", "constant, uniform or exponential (default constant)");
        HELP.put("--nemesis", "partition (default none)");
        HELP.put("--nemesis-interval", "seconds between nemesis ops, mean (default 10)");
        HELP.put("--availability", "total or a fraction (default: not checked)");
        HELP.put("--consistency-models", "default strict-serializable");
        HELP.put("--topology", "grid, line, total, tree, tree2, tree3, tree4 (default grid)");
        HELP.put("--max-txn-length", "default 4");
        HELP.put("--max-writes-per-key", "default 16");
        HELP.put("--key-count", "default: absent");
        HELP.put("--mode", "sim or process (default sim)");
        HELP.put("--seed", "random seed (default: random, always printed)");
        HELP.put("--results-dir", "where results go (default results/)");
        HELP.put("--dup", "sim only: probability a node-to-node message is duplicated (default 0)");
        HELP.put("--loss", "sim only: probability a node-to-node message is lost (default 0)");
        HELP.put("--reorder", "sim only: probability of an extra random delay (default 0)");
        HELP.put("--crash", "beyond Maelstrom: kill random nodes without warning (SIGKILL in process mode) and restart them, every ~nemesis-interval");
        HELP.put("--pause", "beyond Maelstrom: freeze a random node for 0.1-5 s (SIGSTOP/SIGCONT in process mode), every ~nemesis-interval");
        HELP.put("--clock-skew", "beyond Maelstrom: step a random node's wall clock to an offset within +-10 s, every ~nemesis-interval (process mode: through the core's clock-file= node argument)");
        HELP.put("--partition-shapes", "beyond Maelstrom: partition shapes to draw from, comma-separated: "
                + "one, majority, minority-third, majorities-ring (Maelstrom's four, the default), first, "
                + "one-way (half the nodes hear the other half, not the other way round), "
                + "bridge (two halves that each reach one middle node)");
        HELP.put("--no-convergence", "beyond Maelstrom: skip the convergence check of txn-rw-register and "
                + "txn-list-append (heal after the last op, settle, read every written key on every node; a run "
                + "whose nodes disagree exits 1 while its verdict stays Maelstrom's)");
        HELP.put("--convergence-settle", "seconds between that heal and the reads (default "
                + (long) RunConfig.DEFAULT_CONVERGENCE_SETTLE_SECONDS + ", Maelstrom's wait before final reads)");
    }

    /** A bad command line: the message says what and lists the valid options. */
    static final class BadOptions extends Exception {
        BadOptions(String message) {
            super(message, null, false, false);
        }
    }

    private Options() {
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: java -jar tests/target/harness.jar test -w WORKLOAD --bin BIN "
                + "[options] [node args...]\n"
                + "       java -cp tests/target/harness.jar:MY-NODE.jar glomers.harness.cli.HarnessMain test -w WORKLOAD "
                + "--node-class CLASS [options] [node args...]\n"
                + "       java -jar tests/target/harness.jar report RESULTS_DIR\n"
                + "       java -jar tests/target/harness.jar report --html RUN_DIR [--window FROM-TO]\n"
                + "       java -jar tests/target/harness.jar report --matrix MATRIX_DIR CHALLENGES_TSV\n"
                + "       java -jar tests/target/harness.jar check -w WORKLOAD [--consistency-models M] "
                + "[--availability A] [--json] HISTORY.jsonl[.gz] | RUN-DIR\n"
                + "       java -jar tests/target/harness.jar bars 'BAR' result.json|results.edn[.gz]\n"
                + "options:\n");
        HELP.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-22s %s%n", k, v)));
        b.append("check judges a recorded history (a run's history.jsonl, or Maelstrom's as JSON lines) with the\n"
                + "checkers that need nothing else: stats, availability and the workload's; -w, --availability and\n"
                + "--consistency-models as for test; --json prints the checks as result.json holds them.\n"
                + "bars checks one run's figures (the harness's result.json, or real Maelstrom's results.edn) against\n"
                + "a bar such as 'valid availability>=0.999 srv-msgs-per-op<=1.0 stable-median<400 stable-max<600'\n"
                + "and prints each with met or MISSED; exit 0 all met, 1 one missed, 2 a figure the run lacks.\n"
                + "Exit codes: 0 valid, 1 invalid, 2 unknown, 254 bad options or an unreadable history, 255 aborted.\n");
        return b.toString();
    }

    static RunConfig parse(String[] argv) throws BadOptions {
        List<String> args = new ArrayList<>(List.of(argv));
        if (!args.isEmpty() && args.get(0).equals("test")) {
            args.remove(0);
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> nodeArgs = new ArrayList<>();
        java.util.Set<String> flags = new java.util.HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                nodeArgs.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!a.startsWith("-")) {
                nodeArgs.add(a);
                continue;
            }
            String name = a.equals("-w") ? "--workload" : a;
            String inline = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (name.equals("--crash") || name.equals("--pause") || name.equals("--clock-skew")
                    || name.equals("--no-convergence")) {
                flags.add(name);
                continue;
            }
            if (name.equals("--help")) {
                throw new BadOptions("");
            }
            if (!known(name)) {
                throw new BadOptions("unknown option " + a);
            }
            if (inline == null) {
                if (i + 1 >= args.size()) {
                    throw new BadOptions("option " + name + " needs a value");
                }
                inline = args.get(++i);
            }
            values.put(name, inline);
        }
        return build(values, nodeArgs, flags, List.of(argv));
    }

    private static boolean known(String name) {
        for (String key : HELP.keySet()) {
            for (String alias : key.split("/")) {
                if (alias.equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static RunConfig build(Map<String, String> v, List<String> nodeArgs, java.util.Set<String> flags,
                                   List<String> argv)
            throws BadOptions {
        String workload = required(v, "--workload");
        if (!Workloads.names().contains(workload)) {
            throw new BadOptions("unknown workload " + workload + "; valid: " + String.join(", ", Workloads.names()));
        }
        Optional<String> nodeClass = Optional.ofNullable(v.get("--node-class"));
        if (nodeClass.isPresent() && v.containsKey("--bin")) {
            throw new BadOptions("give --bin or --node-class, not both");
        }
        // A user's class has no launcher: its name stands in for one in the run's records.
        Path bin = Path.of(nodeClass.isPresent() ? nodeClass.get() : required(v, "--bin"));
        List<String> nodes = nodes(v);
        int concurrency = concurrency(v.getOrDefault("--concurrency", "1n"), nodes.size());
        long timeLimit = longValue(v, "--time-limit", 60);
        double rate = doubleValue(v, "--rate", 5);
        if (rate <= 0 || timeLimit < 0) {
            throw new BadOptions("--rate must be positive and --time-limit not negative");
        }
        String dist = v.getOrDefault("--latency-dist", "constant");
        if (!List.of("constant", "uniform", "exponential").contains(dist)) {
            throw new BadOptions("--latency-dist must be constant, uniform or exponential, not " + dist);
        }
        long latencyMs = longValue(v, "--latency", 0);
        if (latencyMs < 0 || (latencyMs == 0 && !dist.equals("constant"))) {
            // Maelstrom cannot build a uniform or exponential distribution with mean 0 and fails at start.
            throw new BadOptions("--latency must be positive with --latency-dist " + dist + " (0 only with constant)");
        }
        LatencyModel latency = LatencyModel.parse(dist, latencyMs);
        String nemesis = v.getOrDefault("--nemesis", "");
        if (!nemesis.isEmpty() && !nemesis.equals("partition")) {
            throw new BadOptions("--nemesis must be partition, not " + nemesis);
        }
        String modeText = v.getOrDefault("--mode", "sim");
        RunConfig.Mode mode = switch (modeText) {
            case "sim" -> RunConfig.Mode.SIM;
            case "process" -> RunConfig.Mode.PROCESS;
            default -> throw new BadOptions("--mode must be sim or process, not " + modeText);
        };
        if (nodeClass.isPresent() && mode != RunConfig.Mode.SIM) {
            throw new BadOptions("--node-class runs in sim mode only; in process mode give --bin a launcher that "
                    + "starts the node's jar");
        }
        if (mode == RunConfig.Mode.SIM) {
            try {
                if (nodeClass.isPresent()) {
                    SimBinaries.forNodeClass(nodeClass.get()).get(); // a node that cannot be built fails here, not mid-run
                } else {
                    SimBinaries.forBin(bin);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new BadOptions(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
            }
        } else if (!Files.isExecutable(bin)) {
            throw new BadOptions("--bin " + bin + " is not an executable file");
        }
        long seed = v.containsKey("--seed") ? longValue(v, "--seed", 0) : ThreadLocalRandom.current().nextLong() >>> 1;
        Faults faults = new Faults(probability(v, "--dup"), probability(v, "--loss"), probability(v, "--reorder"));
        Optional<Integer> keyCount = v.containsKey("--key-count")
                ? Optional.of((int) longValue(v, "--key-count", 0)) : Optional.empty();
        try {
            // A workload refuses options it cannot run with (lin-kv: a concurrency not a multiple of 2n).
            Workloads.create(workload, new WorkloadOptions(nodes, concurrency, v.getOrDefault("--topology", "grid"),
                    keyCount, (int) longValue(v, "--max-txn-length", 4), (int) longValue(v, "--max-writes-per-key", 16),
                    v.getOrDefault("--consistency-models", "strict-serializable"), latencyMs));
        } catch (IllegalArgumentException e) {
            throw new BadOptions(e.getMessage());
        }
        return new RunConfig(workload, bin, nodes, timeLimit, rate, concurrency, latency, !nemesis.isEmpty(),
                doubleValue(v, "--nemesis-interval", 10), Optional.ofNullable(v.get("--availability")),
                v.getOrDefault("--consistency-models", "strict-serializable"), v.getOrDefault("--topology", "grid"),
                (int) longValue(v, "--max-txn-length", 4), (int) longValue(v, "--max-writes-per-key", 16), keyCount,
                List.copyOf(nodeArgs), mode, seed, Path.of(v.getOrDefault("--results-dir", "results")), faults,
                flags.contains("--crash"), flags.contains("--pause"), flags.contains("--clock-skew"),
                partitionShapes(v), argv, nodeClass, !flags.contains("--no-convergence"), settle(v));
    }

    private static double settle(Map<String, String> v) throws BadOptions {
        double s = doubleValue(v, "--convergence-settle", RunConfig.DEFAULT_CONVERGENCE_SETTLE_SECONDS);
        if (s < 0 || s > 600) {
            throw new BadOptions("--convergence-settle must be 0 to 600 seconds, not " + s);
        }
        return s;
    }

    private static List<String> partitionShapes(Map<String, String> v) throws BadOptions {
        if (!v.containsKey("--partition-shapes")) {
            return PartitionShapes.SPECS;
        }
        List<String> shapes = List.of(v.get("--partition-shapes").split(","));
        for (String shape : shapes) {
            if (!PartitionShapes.ALL.contains(shape)) {
                throw new BadOptions("--partition-shapes: unknown shape '" + shape + "'; valid: "
                        + String.join(", ", PartitionShapes.ALL));
            }
        }
        return shapes;
    }

    private static List<String> nodes(Map<String, String> v) throws BadOptions {
        List<String> nodes = new ArrayList<>();
        if (v.containsKey("--nodes")) {
            for (String id : v.get("--nodes").split(",")) {
                if (!id.isBlank()) {
                    nodes.add(id.trim());
                }
            }
        } else if (v.containsKey("--node-count")) {
            long n = longValue(v, "--node-count", 0);
            for (int i = 0; i < n; i++) {
                nodes.add("n" + i);
            }
        } else {
            nodes.addAll(List.of("n1", "n2", "n3", "n4", "n5"));
        }
        if (nodes.isEmpty()) {
            throw new BadOptions("at least one node is needed");
        }
        return nodes;
    }

    private static int concurrency(String text, int nodeCount) throws BadOptions {
        try {
            if (text.endsWith("n")) {
                return Integer.parseInt(text.substring(0, text.length() - 1)) * nodeCount;
            }
            int c = Integer.parseInt(text);
            if (c < 1) {
                throw new NumberFormatException();
            }
            return c;
        } catch (NumberFormatException e) {
            throw new BadOptions("--concurrency must be N or Nn, not " + text);
        }
    }

    private static String required(Map<String, String> v, String name) throws BadOptions {
        String value = v.get(name);
        if (value == null) {
            throw new BadOptions("missing " + name);
        }
        return value;
    }

    private static long longValue(Map<String, String> v, String name, long dflt) throws BadOptions {
        String text = v.get(name);
        try {
            return text == null ? dflt : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadOptions(name + " must be an integer, not " + text);
        }
    }

    private static double doubleValue(Map<String, String> v, String name, double dflt) throws BadOptions {
        String text = v.get(name);
        try {
            return text == null ? dflt : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadOptions(name + " must be a number, not " + text);
        }
    }

    private static double probability(Map<String, String> v, String name) throws BadOptions {
        double p = doubleValue(v, name, 0);
        if (p < 0 || p > 1) {
            throw new BadOptions(name + " must be a probability in [0, 1], not " + p);
        }
        return p;
    }
}
