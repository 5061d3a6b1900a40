package glomers.harness.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import glomers.harness.check.CheckResult;
import glomers.harness.check.OpLatencies;
import glomers.harness.check.RunFacts;
import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import glomers.harness.net.MessageLogFile;
import glomers.harness.net.ProtocolViolation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The results table on the terminal, the JSON result file, and the replay command. */
public final class Reports {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Reports() {
    }

    static String runName(RunConfig config) {
        // The wall clock only names the folder; nothing in the run depends on it.
        return LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + config.workload() + "-"
                + config.mode().name().toLowerCase(Locale.ROOT) + "-" + Long.toUnsignedString(config.seed());
    }

    /**
     * The command that replays a run: same options, same seed. A user's {@code --node-class} is
     * replayed on the classpath this run had, since harness.jar alone does not hold the class.
     */
    public static String replayCommand(RunConfig c) {
        List<String> words = new ArrayList<>();
        if (c.nodeClass().isPresent()) {
            words.addAll(List.of("java", "-cp", shellWord(System.getProperty("java.class.path", "")),
                    "glomers.harness.cli.HarnessMain", "test", "-w", c.workload(), "--node-class", c.nodeClass().get()));
        } else {
            words.addAll(List.of("java", "-jar", "tests/target/harness.jar", "test", "-w", c.workload(),
                    "--bin", c.bin().toString()));
        }
        words.addAll(List.of("--nodes", String.join(",", c.nodes()),
                "--time-limit", Long.toString(c.timeLimitSeconds()), "--rate", trim(c.rate()),
                "--concurrency", Integer.toString(c.concurrency()),
                "--latency", Long.toString(c.latency().meanMs()),
                "--latency-dist", c.latency().distribution().name().toLowerCase(Locale.ROOT)));
        if (c.partitionNemesis()) {
            words.addAll(List.of("--nemesis", "partition", "--nemesis-interval", trim(c.nemesisIntervalSeconds())));
            if (!c.partitionShapes().equals(glomers.harness.nemesis.PartitionShapes.SPECS)) {
                words.addAll(List.of("--partition-shapes", String.join(",", c.partitionShapes())));
            }
        }
        if (!c.topology().equals("grid")) {
            words.addAll(List.of("--topology", c.topology()));
        }
        c.availability().ifPresent(a -> words.addAll(List.of("--availability", a)));
        if (!c.consistencyModels().equals("strict-serializable")) {
            words.addAll(List.of("--consistency-models", shellWord(c.consistencyModels())));
        }
        if (c.maxTxnLength() != 4) {
            words.addAll(List.of("--max-txn-length", Integer.toString(c.maxTxnLength())));
        }
        if (c.maxWritesPerKey() != 16) {
            words.addAll(List.of("--max-writes-per-key", Integer.toString(c.maxWritesPerKey())));
        }
        c.keyCount().ifPresent(k -> words.addAll(List.of("--key-count", Integer.toString(k))));
        words.addAll(List.of("--mode", c.mode().name().toLowerCase(Locale.ROOT), "--seed",
                Long.toString(c.seed())));
        if (c.faults().duplicate() > 0) {
            words.addAll(List.of("--dup", trim(c.faults().duplicate())));
        }
        if (c.faults().loss() > 0) {
            words.addAll(List.of("--loss", trim(c.faults().loss())));
        }
        if (c.faults().reorder() > 0) {
            words.addAll(List.of("--reorder", trim(c.faults().reorder())));
        }
        if (c.crash()) {
            words.add("--crash");
        }
        if (c.pause()) {
            words.add("--pause");
        }
        if (c.clockSkew()) {
            words.add("--clock-skew");
        }
        if ((c.crash() || c.pause() || c.clockSkew()) && !c.partitionNemesis()) {
            // Node faults keep the nemesis clock even without partitions.
            words.addAll(List.of("--nemesis-interval", trim(c.nemesisIntervalSeconds())));
        }
        if (!c.convergence()) {
            words.add("--no-convergence");
        } else if (c.convergenceSettleSeconds() != RunConfig.DEFAULT_CONVERGENCE_SETTLE_SECONDS) {
            words.addAll(List.of("--convergence-settle", trim(c.convergenceSettleSeconds())));
        }
        words.addAll(c.nodeArgs());
        return String.join(" ", words);
    }

    /** A word as a shell reads it back: quoted when it holds spaces ("read-committed , serializable"). */
    private static String shellWord(String w) {
        return w.matches("[A-Za-z0-9_.,:/=-]+") ? w : "'" + w.replace("'", "'\\''") + "'";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Availability's ok-fraction as Maelstrom defines it: oks over client invocations. */
    static double okFraction(List<Op> ops) {
        long invokes = 0;
        long oks = 0;
        for (Op op : ops) {
            if (op.isClient()) {
                invokes += op.isInvoke() ? 1 : 0;
                oks += op.isOk() ? 1 : 0;
            }
        }
        return invokes == 0 ? 1.0 : (double) oks / invokes;
    }

    static long invocations(List<Op> ops) {
        return ops.stream().filter(o -> o.isClient() && o.isInvoke()).count();
    }

    static Map<String, Object> summary(RunResult r) {
        Map<String, Object> s = new LinkedHashMap<>();
        RunConfig c = r.config();
        s.put("run", r.runName());
        s.put("workload", c.workload());
        s.put("mode", c.mode().name().toLowerCase(Locale.ROOT));
        s.put("seed", c.seed());
        s.put("verdict", r.verdictText());
        s.put("exit-code", r.exitCode());
        if (r.aborted()) {
            s.put("abort-reason", r.abortReason());
        }
        s.put("history-hash", r.historyHash());
        s.put("run-seconds", r.runSeconds());
        s.put("wall-seconds", r.wallSeconds());
        List<Op> ops = r.history().ops();
        long invokes = invocations(ops);
        s.put("invocations", invokes);
        s.put("ok-fraction", okFraction(ops));
        s.put("latency-ms", new OpLatencies().check(r.history(), r.facts()).fields());
        RunFacts f = r.facts();
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("all", counts(f.all(), invokes));
        net.put("clients", counts(f.clients(), -1));
        net.put("servers", counts(f.servers(), invokes));
        net.put("server-messages-by-type", new java.util.TreeMap<>(r.serverMessagesByType()));
        net.put("server-messages-dropped-by-type", new java.util.TreeMap<>(r.serverMessagesDroppedByType()));
        if (r.relayedByServers() > 0) {
            Map<String, Object> relayed = new LinkedHashMap<>();
            relayed.put("msg-count", r.relayedByServers());
            relayed.put("servers-msgs-per-op-counting-them", invokes == 0 ? 0.0
                    : (double) (f.servers().msgCount() + r.relayedByServers()) / invokes);
            net.put("relayed-by-servers", relayed);
        }
        s.put("net", net);
        s.put("checks", checks(r.checks()));
        if (r.convergence() != null) {
            s.put("convergence", r.convergence().toMap());
        }
        NodeMetrics nodeMetrics = NodeMetrics.fromStderr(r.nodeStderr());
        if (!nodeMetrics.isEmpty()) {
            s.put("node-metrics", nodeMetrics.toMap());
        }
        List<String> violations = new ArrayList<>();
        for (ProtocolViolation v : r.violations()) {
            violations.add(v.describe());
        }
        s.put("protocol-violations", violations);
        s.put("replay", replayCommand(c));
        return s;
    }

    /** result.json's {@code checks}: per checker its name, verdict, fields and extra findings. */
    public static List<Map<String, Object>> checks(List<CheckResult> results) {
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult check : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("checker", check.checker());
            m.put("valid", check.valid().name().toLowerCase(Locale.ROOT));
            m.put("fields", check.fields());
            if (!check.extraFindings().isEmpty()) {
                m.put("extra-findings", check.extraFindings());
            }
            checks.add(m);
        }
        return checks;
    }

    /** Indented JSON, as result.json is written. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results that cannot be rendered as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One group's counts as Maelstrom's net checker reports them; msgs-per-op only when {@code invokes} >= 0. */
    static Map<String, Object> counts(RunFacts.NetCounts n, long invokes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("send-count", n.sendCount());
        m.put("recv-count", n.recvCount());
        m.put("msg-count", n.msgCount());
        if (invokes >= 0) {
            m.put("msgs-per-op", invokes == 0 ? 0.0 : (double) n.msgCount() / invokes);
        }
        return m;
    }

    /** Writes result.json (and, for simulated runs, each node's stderr) under the run's folder. */
    public static Path write(RunResult r) throws IOException {
        Path dir = r.config().resultsDir().resolve(r.runName());
        Files.createDirectories(dir);
        Path file = dir.resolve("result.json");
        JSON.writeValue(file.toFile(), summary(r));
        // Per-message records for the run page's rates and timeline (bounded by MessageLog's cap),
        // written on the other core while this one writes the history: the page needs both.
        CompletableFuture<Void> messages = CompletableFuture.runAsync(() -> {
            try {
                MessageLogFile.write(r.messages(), dir.resolve(MessageLogFile.NAME));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // Every run keeps its history, so its page can be rebuilt from the folder. Always gzipped:
        // a count of ops says little of the size (a 60 s, 25-node broadcast run's reads made 1 GB).
        HistoryFile.write(r.history(), dir.resolve(HISTORY_FILE));
        try {
            messages.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
        if (r.config().mode() == RunConfig.Mode.SIM) {
            Path nodes = dir.resolve("nodes");
            Files.createDirectories(nodes);
            for (Map.Entry<String, String> e : r.nodeStderr().entrySet()) {
                Files.writeString(nodes.resolve(e.getKey() + ".log"), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        return file;
    }

    /** A run folder's history, gzipped JSON lines ({@code zcat} reads it; so does {@code check}). */
    public static final String HISTORY_FILE = "history.jsonl.gz";

    /** The results table. */
    @SuppressWarnings("unchecked")
    public static void printTable(RunResult r, PrintStream out) {
        Map<String, Object> s = summary(r);
        out.println();
        row(out, "workload", s.get("workload"));
        row(out, "mode", s.get("mode"));
        row(out, "seed", s.get("seed"));
        row(out, "verdict", s.get("verdict") + " (exit " + s.get("exit-code") + ")"
                + (r.convergenceFailed() ? ": Maelstrom's verdict; the convergence check below failed" : ""));
        if (r.aborted()) {
            row(out, "aborted", r.abortReason());
        }
        row(out, "run time", String.format(Locale.ROOT, "%.1f s (wall %.1f s)", r.runSeconds(), r.wallSeconds()));
        row(out, "invocations", s.get("invocations"));
        row(out, "availability", String.format(Locale.ROOT, "ok-fraction %.4f", (double) s.get("ok-fraction")));
        Map<String, Map<String, Number>> lat = (Map<String, Map<String, Number>>) s.get("latency-ms");
        lat.forEach((f, q) -> row(out, "latency " + f, String.format(Locale.ROOT,
                "p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms (%d ok)", q.get("p50").doubleValue(),
                q.get("p95").doubleValue(), q.get("p99").doubleValue(), q.get("max").doubleValue(),
                q.get("count").longValue())));
        Map<String, Map<String, Object>> net = (Map<String, Map<String, Object>>) s.get("net");
        row(out, "msgs-per-op", String.format(Locale.ROOT, "all %.3f  servers %.3f",
                (double) net.get("all").get("msgs-per-op"), (double) net.get("servers").get("msgs-per-op")));
        if (!r.serverMessagesByType().isEmpty()) {
            row(out, "server msgs", new java.util.TreeMap<>(r.serverMessagesByType()));
        }
        if (!r.serverMessagesDroppedByType().isEmpty()) {
            row(out, "  dropped", new java.util.TreeMap<>(r.serverMessagesDroppedByType()));
        }
        if (net.containsKey("relayed-by-servers")) {
            Map<String, Object> relayed = net.get("relayed-by-servers");
            row(out, "  relayed", String.format(Locale.ROOT, "%d messages servers sent under a client's name (Maelstrom"
                    + " counts them as client messages); servers msgs-per-op counting them %.3f",
                    (long) relayed.get("msg-count"), (double) relayed.get("servers-msgs-per-op-counting-them")));
        }
        if (r.messages().unrecorded() > 0) {
            row(out, "message records", String.format(Locale.ROOT,
                    "the first %d of %d messages; %d beyond the cap counted per second only",
                    r.messages().size(), r.messages().sends(), r.messages().unrecorded()));
        }
        NodeMetrics nodeMetrics = NodeMetrics.fromStderr(r.nodeStderr());
        nodeMetrics.print(out);
        printChecks(r.checks(), out);
        if (r.checks().isEmpty() && !r.aborted()) {
            row(out, "checks", "none wired in for this workload yet");
        }
        for (ProtocolViolation v : r.violations()) {
            row(out, "PROTOCOL", v.describe());
        }
        if (r.convergence() != null) {
            printConvergence(r.convergence(), out);
        }
        row(out, "history hash", s.get("history-hash"));
        if (r.exitCode() != 0 && r.config().mode() == RunConfig.Mode.SIM) {
            row(out, "replay", s.get("replay"));
        }
    }

    /** The table's check rows: verdict and short fields, then what we found beyond Maelstrom. */
    public static void printChecks(List<CheckResult> checks, PrintStream out) {
        for (CheckResult check : checks) {
            StringBuilder line = new StringBuilder(check.valid().name().toLowerCase(Locale.ROOT));
            check.fields().forEach((k, v) -> {
                String text = String.valueOf(v);
                if (text.length() <= 60) {
                    line.append("  ").append(k).append('=').append(text);
                }
            });
            row(out, "check " + check.checker(), line);
            if (check.fields().get("explanation") instanceof List<?> lines) {
                lines.forEach(l -> row(out, "  explanation", l));
            }
            if (!check.extraFindings().isEmpty()) {
                row(out, "  beyond Maelstrom", check.extraFindings());
            }
        }
    }

    /** The convergence rows: the verdict line, the first disagreements, and what the phase cost. */
    static void printConvergence(ConvergenceReport c, PrintStream out) {
        row(out, "convergence", c.summary() + " (beyond Maelstrom)");
        c.disagreements().entrySet().stream().limit(ConvergenceReport.LISTED).forEach(e -> {
            StringBuilder values = new StringBuilder("key " + e.getKey() + ":");
            e.getValue().forEach((node, v) -> values.append(' ').append(node).append('=').append(v));
            row(out, "  differs", values.length() > 200 ? values.substring(0, 200) + "..." : values);
        });
        c.unanswered().forEach((node, problem) -> row(out, "  unanswered", node + ": " + problem));
        RunFacts.NetCounts all = c.messages().get("all");
        row(out, "  cost", String.format(Locale.ROOT, "%.1f s settle, %.1f s in all; %d read requests; %d messages "
                + "(%d between servers), none counted in msgs-per-op", c.settleSeconds(), c.phaseSeconds(), c.requests(),
                all.msgCount(), c.messages().get("servers").msgCount()));
    }

    /** One row of the table: a key column, then the value. */
    public static void row(PrintStream out, String key, Object value) {
        out.printf("%-18s %s%n", key, value);
    }
}
