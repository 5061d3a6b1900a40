package glomers.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.check.CheckResult;
import glomers.harness.check.Validity;
import glomers.harness.check.elle.ConsistencyModels;
import glomers.harness.check.elle.CycleAnomalies;
import glomers.harness.history.HistoryFile;
import glomers.harness.run.Checks;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The check command's logic on histories recorded by real Maelstrom v0.2.4 runs
 * (src/test/resources/maelstrom-histories), with each run's own --consistency-models and
 * --availability from its run.txt: it must reach Maelstrom's own verdict and fields.
 */
class MaelstromHistoriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root() {
        try {
            return Path.of(MaelstromHistoriesTest.class.getResource("/maelstrom-histories").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each run folder, as workload/run. */
    static Stream<String> runs() throws IOException {
        List<String> runs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root())) {
            files.filter(p -> p.getFileName().toString().equals("verdict.json"))
                    .forEach(p -> runs.add(root().relativize(p.getParent()).toString().replace('\\', '/')));
        }
        return runs.stream().sorted();
    }

    @Test
    void everyCopiedRunIsHere() throws IOException {
        assertEquals(List.of("g-counter/gcounter-broken-local-only", "g-counter/gcounter-broken-sum-merge",
                "g-counter/gcounter-peerA", "g-counter/gcounter-peerC", "g-set/gset-broken-drop-every-10th",
                "g-set/gset-broken-never-replicate", "g-set/gset-demo-js", "kafka/kafka-broken-duplicate",
                "kafka/kafka-broken-lost-write-1node", "kafka/kafka-broken-poll-skip", "kafka/kafka-broken-reused-offset",
                "kafka/kafka-peerA-5b", "kafka/kafka-peerB-5c", "kafka/kafka-peerC-5a-1node",
                "lin-kv/lin-kv-broken-ack-before-replicate", "lin-kv/lin-kv-broken-local-reads",
                "lin-kv/lin-kv-broken-old-value", "lin-kv/lin-kv-demo-proxy-rb-3n-partition",
                "lin-kv/lin-kv-demo-proxy-rb-3n-rate1000-60s", "lin-kv/lin-kv-demo-raft-py-3n",
                "lin-kv/lin-kv-demo-raft-py-3n-partition", "lin-kv/lin-kv-demo-raft-py-5n-partition",
                "lin-kv/lin-kv-demo-raft-rb-3n", "pn-counter/pncounter-broken-ignore-negative",
                "pn-counter/pncounter-broken-max-merge", "pn-counter/pncounter-demo-js",
                "txn-list-append/txn-list-append-broken-aborted-read-rc",
                "txn-list-append/txn-list-append-broken-async-replication",
                "txn-list-append/txn-list-append-broken-duplicate-append",
                "txn-list-append/txn-list-append-broken-lost-append",
                "txn-list-append/txn-list-append-broken-phantom-element",
                "txn-list-append/txn-list-append-broken-snapshot-pairs-rc",
                "txn-list-append/txn-list-append-broken-snapshot-pairs-serializable",
                "txn-list-append/txn-list-append-demo-datomic-rb", "txn-list-append/txn-list-append-demo-java",
                "txn-list-append/txn-list-append-demo-multi-key-js",
                "txn-rw-register/txn-broken-aborted-read", "txn-rw-register/txn-broken-each-after-other-ru",
                "txn-rw-register/txn-broken-intermediate-write", "txn-rw-register/txn-demo-no-isolation-rc",
                "txn-rw-register/txn-peerA-6b-ru", "txn-rw-register/txn-peerB-6c-rc-partition"), runs().toList());
    }

    /**
     * How many cases of each reported type Maelstrom's results.edn lists for the txn runs (the
     * results themselves are not copied: too big, and verdict.json has the types).
     */
    private static final Map<String, Map<String, Integer>> MAELSTROM_CASES = Map.of(
            "txn-broken-aborted-read", Map.of("G1a", 2367),
            "txn-broken-each-after-other-ru", Map.of("cyclic-versions", 72),
            "txn-broken-intermediate-write", Map.of("G1b", 2728),
            "txn-demo-no-isolation-rc", Map.of("G1b", 372, "G1c", 29, "PL-1-cycle-exists", 1),
            "txn-list-append-broken-aborted-read-rc", Map.of("G1a", 2550, "dirty-update", 240),
            // Elle's 9 G-single-item are 8 here: one longest-read tie goes the other way (AppendOrders).
            "txn-list-append-broken-async-replication", Map.of("G-single-item", 8, "G-single-item-realtime", 3,
                    "G2-item", 2, "incompatible-order", 19, "lost-update", 3),
            "txn-list-append-broken-duplicate-append", Map.of("duplicate-elements", 1326, "internal", 9),
            "txn-list-append-broken-lost-append", Map.of("G1b", 25, "lost-update", 4, "internal", 32),
            "txn-list-append-broken-snapshot-pairs-serializable", Map.of("G2-item", 17));

    /** The {@code :count} of each kafka error type in Maelstrom's results.edn (unseen has none). */
    private static final Map<String, Map<String, Integer>> MAELSTROM_KAFKA_COUNTS = Map.of(
            "kafka-broken-duplicate", Map.of("duplicate", 815, "int-nonmonotonic-poll", 4369, "int-poll-skip", 3911,
                    "poll-skip", 170),
            "kafka-broken-lost-write-1node", Map.of("int-poll-skip", 3593, "lost-write", 725, "poll-skip", 177),
            "kafka-broken-poll-skip", Map.of("poll-skip", 119),
            "kafka-broken-reused-offset", Map.of("inconsistent-offsets", 729));

    /** Each kafka run's :worst-realtime-lag in results.edn: time, process, key, lag (seconds). */
    private static final Map<String, List<Object>> MAELSTROM_KAFKA_LAG = Map.of(
            "kafka-broken-duplicate", List.of(0.128883444, 1L, "9", 0.0),
            "kafka-broken-lost-write-1node", List.of(39.999342787, 7L, "19", 38.662901543),
            "kafka-broken-poll-skip", List.of(1.259207741, 3L, "2", 0.880133096),
            "kafka-broken-reused-offset", List.of(0.094012325, 2L, "9", 0.0),
            "kafka-peerA-5b", List.of(14.374699593, 1L, "258", 0.004830668),
            "kafka-peerB-5c", List.of(39.939240627, 8L, "9", 39.628934061),
            "kafka-peerC-5a-1node", List.of(0.148808115, 0L, "9", 0.0));

    /** The value of a {@code maelstrom test} option in run.txt's command line, if given. */
    static Optional<String> option(Path dir, String name) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("run.txt"))) {
            if (line.startsWith("command:")) {
                List<String> words = List.of(line.substring("command:".length()).trim().split("\\s+"));
                int i = words.indexOf(name);
                return i >= 0 && i + 1 < words.size() ? Optional.of(words.get(i + 1)) : Optional.empty();
            }
        }
        throw new IllegalStateException(dir + "/run.txt has no command line");
    }

    private static Object validity(Validity v) {
        return switch (v) {
            case TRUE -> true;
            case FALSE -> false;
            case UNKNOWN -> "unknown";
        };
    }

    private static Object verdictField(JsonNode verdict, String name) {
        JsonNode v = verdict.get(name);
        return v.isBoolean() ? v.booleanValue() : v.asText();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void checkReachesMaelstromsVerdict(String run) throws IOException {
        Path dir = root().resolve(run);
        String workload = run.substring(0, run.indexOf('/'));
        JsonNode verdict = JSON.readTree(dir.resolve("verdict.json").toFile());
        String models = option(dir, "--consistency-models").orElse(CheckCommand.DEFAULT_CONSISTENCY_MODELS);
        List<CheckResult> results = CheckCommand.check(workload, models, option(dir, "--availability"),
                HistoryFile.read(dir.resolve("history.jsonl.gz")));

        assertEquals(verdictField(verdict, "valid"), validity(Checks.verdict(results)), run + ": composed verdict");
        CheckResult own = results.get(results.size() - 1);
        if (verdict.get("workload_valid").isNull()) {
            // Elle's assert failed and replaced Maelstrom's whole result: ours is unknown with its message,
            // and names the reads of elements nobody appended.
            assertEquals("unknown", validity(own.valid()), run + ": " + own.checker());
            assertEquals(verdict.get("error").asText().lines().findFirst().orElseThrow(), own.fields().get("error"),
                    run + ": error");
            assertTrue(!((List<?>) own.extraFindings().get("unwritten-elements")).isEmpty(), run);
            return;
        }
        assertEquals(verdictField(verdict, "workload_valid"), validity(own.valid()), run + ": " + own.checker());
        if (workload.startsWith("txn-")) {
            assertTxnAnomalies(run, verdict, own);
        } else if (workload.equals("kafka")) {
            assertKafkaErrors(run, verdict, own);
        } else if (workload.equals("lin-kv")) {
            assertLinKvKeys(run, verdict, own);
        } else if (workload.equals("g-set")) {
            assertEquals(verdict.get("lost_count").longValue(), own.fields().get("lost-count"), run + ": lost-count");
        } else {
            assertEquals(JSON.convertValue(verdict.get("final_reads"), new TypeReference<List<Long>>() { }),
                    own.fields().get("final-reads"), run + ": final-reads");
            assertEquals(JSON.convertValue(verdict.get("acceptable"), new TypeReference<List<List<Long>>>() { }),
                    own.fields().get("acceptable"), run + ": acceptable");
        }
    }

    /**
     * Every type Maelstrom reported (all prohibited ones: Elle reports no other) must be found,
     * with as many cases; a type found beside them is printed, not failed, since our search is
     * complete where Elle's may time out.
     */
    @SuppressWarnings("unchecked")
    private static void assertTxnAnomalies(String run, JsonNode verdict, CheckResult own) {
        List<String> theirs = JSON.convertValue(verdict.get("anomaly_types"), new TypeReference<List<String>>() { });
        List<String> ours = (List<String>) own.fields().get("anomaly-types");
        if (run.startsWith("txn-list-append/")) {
            assertListAppendTypes(run, theirs, ours);
        }
        List<String> missing = new ArrayList<>(theirs);
        missing.removeAll(ours);
        if (run.startsWith("txn-rw-register/")) {
            assertEquals(List.of(), missing, run + ": types Maelstrom reported that we did not find; we found " + ours);
        }
        List<String> extra = new ArrayList<>(ours);
        extra.removeAll(theirs);
        if (!extra.isEmpty()) {
            System.out.println(run + ": found beside Maelstrom's types: " + extra);
        }
        String name = run.substring(run.indexOf('/') + 1);
        Map<String, Object> anomalies = (Map<String, Object>) own.fields().get("anomalies");
        MAELSTROM_CASES.getOrDefault(name, Map.of()).forEach((type, count) ->
                assertEquals(count, ((List<?>) anomalies.get(type)).size(), run + ": " + type + " cases"));
    }

    /** Failing types and every type found exactly as Maelstrom's, with as many cases of each. */
    @SuppressWarnings("unchecked")
    private static void assertKafkaErrors(String run, JsonNode verdict, CheckResult own) {
        List<String> bad = JSON.convertValue(verdict.get("bad_error_types"), new TypeReference<List<String>>() { });
        List<String> all = JSON.convertValue(verdict.get("error_types"), new TypeReference<List<String>>() { });
        assertEquals(bad, own.fields().get("bad-error-types"), run + ": bad-error-types");
        assertEquals(all, own.fields().get("error-types"), run + ": error-types");
        String name = run.substring(run.indexOf('/') + 1);
        MAELSTROM_KAFKA_COUNTS.getOrDefault(name, Map.of()).forEach((type, count) ->
                assertEquals(count, ((Map<String, Object>) own.fields().get(type)).get("count"), run + ": " + type));
        Map<String, Object> lag = (Map<String, Object>) own.fields().get("worst-realtime-lag");
        assertEquals(MAELSTROM_KAFKA_LAG.get(name), List.of(lag.get("time"), lag.get("process"), lag.get("key"),
                lag.get("lag")), run + ": worst-realtime-lag");
    }

    /**
     * Maelstrom reports list-append's result unchanged: the same types exactly. Except where
     * Elle's search timed out: it then reports an arbitrary fallback cycle of the component,
     * while ours finishes the search, so in place of cycle-search-timeout it may name cycles Elle
     * never reached, which must imply any cycle type of Elle's it does not repeat.
     */
    private static void assertListAppendTypes(String run, List<String> theirs, List<String> ours) {
        List<String> expected = new ArrayList<>(theirs);
        if (!expected.remove("cycle-search-timeout")) {
            assertEquals(theirs, ours, run + ": anomaly types");
            return;
        }
        assertTrue(!ours.contains("cycle-search-timeout"), run + ": our search finishes: " + ours);
        List<String> ourCycles = new ArrayList<>(ours);
        ourCycles.retainAll(CycleAnomalies.cycleTypes());
        Set<String> implied = ConsistencyModels.impliedAnomalies(ourCycles);
        for (String t : expected) {
            assertTrue(ours.contains(t) || (CycleAnomalies.cycleTypes().contains(t) && implied.contains(t)),
                    run + ": Maelstrom's " + t + " is neither found nor implied by our cycles " + ourCycles);
        }
        List<String> beyond = new ArrayList<>(ours);
        beyond.removeAll(expected);
        assertTrue(CycleAnomalies.cycleTypes().containsAll(beyond),
                run + ": beside Elle's types only cycles its search gave up on: " + beyond);
        System.out.println(run + ": where Elle's search timed out, ours found " + ourCycles);
    }

    /**
     * The same keys checked, failing and unknown as Maelstrom's; the analysis time is printed
     * beside Knossos's {@code checker_seconds} (the bar is measured by LinKvCheckBench).
     */
    private static void assertLinKvKeys(String run, JsonNode verdict, CheckResult own) {
        assertEquals(verdict.get("key_count").intValue(), own.fields().get("key-count"), run + ": key count");
        assertEquals(JSON.convertValue(verdict.get("failed_keys"), JsonNode.class),
                JSON.valueToTree(own.fields().get("failures")), run + ": failing keys");
        assertEquals(JSON.convertValue(verdict.get("unknown_keys"), JsonNode.class),
                JSON.valueToTree(own.fields().get("unknown-keys")), run + ": unknown keys");
        System.out.printf("%s: analysis %.3f s, Knossos %.3f s%n", run, (Double) own.fields().get("analysis-seconds"),
                verdict.get("checker_seconds").doubleValue());
    }
}
