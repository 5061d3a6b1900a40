package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.check.elle.ConsistencyModels;
import glomers.harness.check.elle.CycleAnomalies;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maelstrom's kafka checker: jepsen.tests.kafka's {@code analysis} and {@code checker} (Jepsen
 * v0.3.7) over the client ops, as Maelstrom v0.2.4's kafka.clj configures them (assign, no
 * transactions, no {@code :ww-deps}).
 *
 * <p>The per-key logs ({@link KafkaLogs}) give {@code inconsistent-offsets}; the cases
 * ({@link KafkaCases}) give {@code duplicate}, {@code int-poll-skip},
 * {@code int-nonmonotonic-poll}, {@code int-send-skip}, {@code int-nonmonotonic-send},
 * {@code poll-skip}, {@code nonmonotonic-poll}, {@code nonmonotonic-send}, {@code lost-write},
 * {@code unseen}, {@code G1a} and {@code precommitted-read}; Elle's cycle search over wr and
 * realtime edges ({@link KafkaGraph}) gives the cycle anomalies strict-serializable reports.
 * Every type found is in {@code error-types}; all but Jepsen's allowed ones
 * ({@link #ALLOWED}) are in {@code bad-error-types}, and the check is valid when there are
 * none. A polled message that no op sent makes the check throw, so the verdict is unknown.
 *
 * <p>{@code worst-realtime-lag} ({@link KafkaRealtimeLag}) is informational. In the extra
 * findings: the allowed types found, and why committed offsets going backwards cannot be judged
 * from the history.
 */
public final class KafkaChecker implements Checker {

    /** allowed-error-types with :sub-via #{:assign} and no :ww-deps. */
    static final Set<String> ALLOWED = Set.of("int-send-skip", "G0", "G0-process", "G0-realtime",
            "PL-1-cycle-exists", "strong-PL-1-cycle-exists");

    private static final List<String> MODELS = List.of("strict-serializable");

    private final long stepsPerComponent;
    /** What a harness run's client saw of committed offsets; null for a recorded history. */
    private final KafkaClientJournal offsetsJournal;

    public KafkaChecker() {
        this(CycleAnomalies.DEFAULT_STEPS_PER_COMPONENT, null);
    }

    /** For a harness run: also judges committed offsets from the client's journal, beside the verdict. */
    public KafkaChecker(KafkaClientJournal offsetsJournal) {
        this(CycleAnomalies.DEFAULT_STEPS_PER_COMPONENT, offsetsJournal);
    }

    KafkaChecker(long stepsPerComponent) {
        this(stepsPerComponent, null);
    }

    private KafkaChecker(long stepsPerComponent, KafkaClientJournal offsetsJournal) {
        this.stepsPerComponent = stepsPerComponent;
        this.offsetsJournal = offsetsJournal;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        KafkaOps ops = new KafkaOps(history);
        KafkaFacts kf = new KafkaFacts(ops);
        KafkaLogs logs = new KafkaLogs(ops, kf);
        KafkaCases cases = new KafkaCases(ops, kf, logs);
        Map<String, Object> errors = errors(ops, kf, logs, cases);

        List<String> bad = new ArrayList<>();
        errors.keySet().forEach(t -> {
            if (!ALLOWED.contains(t)) {
                bad.add(t);
            }
        });
        Validity v = Validity.of(bad.isEmpty());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("valid?", Fields.valid(v));
        fields.put("bad-error-types", bad);
        fields.put("error-types", new ArrayList<>(errors.keySet()));
        fields.put("info-txn-causes", infoCauses(ops));
        fields.put("worst-realtime-lag", KafkaRealtimeLag.worst(ops));
        errors.forEach((t, errs) -> fields.put(t, condense(t, errs)));

        Map<String, Object> extra = new LinkedHashMap<>();
        Map<String, Integer> allowed = new TreeMap<>();
        errors.forEach((t, errs) -> {
            if (ALLOWED.contains(t)) {
                allowed.put(t, ((List<?>) errs).size());
            }
        });
        extra.put("allowed-error-types", allowed);
        if (offsetsJournal == null) {
            extra.put("committed-offsets-backwards", "not checked: a Maelstrom history records assign's keys, not "
                    + "the offsets list_committed_offsets returned, nor what commit_offsets sent");
        } else {
            List<String> backwards = offsetsJournal.backwards();
            Map<String, Object> found = new LinkedHashMap<>();
            found.put("count", backwards.size());
            found.put("lists-checked", offsetsJournal.lists());
            found.put("first-cases", backwards.subList(0, Math.min(3, backwards.size())));
            extra.put("committed-offsets-backwards", found);
            extra.put("acked-sends-missing-at-end", missingAtEnd(history));
        }
        Map<String, String> first = new TreeMap<>();
        bad.forEach(t -> first.put(t, firstCase(t, errors.get(t))));
        extra.put("first-case", first);
        return new CheckResult(name(), v, fields, extra);
    }

    /**
     * The ok sends that no node's ok final polls returned (the final phase asks every node that a
     * client thread talks to for every key from offset 0): an acknowledged send that no node
     * still holds at the end.
     */
    private Map<String, Object> missingAtEnd(History history) {
        List<String> missing = new ArrayList<>();
        long acked = 0;
        for (Op op : history.ops()) {
            if (!op.isClient() || !op.isOk() || !op.f().equals("send")) {
                continue;
            }
            JsonNode mop = op.value().path(0);
            String key = mop.path(1).asText();
            JsonNode pair = mop.path(2);
            acked++;
            if (!offsetsJournal.heldAtEnd(key, pair.path(0).asLong(), pair.path(1).toString())) {
                missing.add("key " + key + " offset " + pair.path(0).asLong() + " msg " + pair.path(1));
            }
        }
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("count", missing.size());
        found.put("acked-sends", acked);
        found.put("nodes-polled", new ArrayList<>(offsetsJournal.finallyPolledNodes()));
        found.put("first-cases", missing.subList(0, Math.min(3, missing.size())));
        return found;
    }

    /** analysis's :errors, sorted by type. */
    private Map<String, Object> errors(KafkaOps ops, KafkaFacts kf, KafkaLogs logs, KafkaCases cases) {
        Map<String, Object> errors = new TreeMap<>();
        putIfAny(errors, "duplicate", cases.duplicates());
        Map<String, List<Map<String, Object>>> intPolls = cases.internalPolls();
        putIfAny(errors, "int-poll-skip", intPolls.get("skip"));
        putIfAny(errors, "int-nonmonotonic-poll", intPolls.get("nonmonotonic"));
        Map<String, List<Map<String, Object>>> intSends = cases.internalSends();
        putIfAny(errors, "int-nonmonotonic-send", intSends.get("nonmonotonic"));
        putIfAny(errors, "int-send-skip", intSends.get("skip"));
        putIfAny(errors, "inconsistent-offsets", logs.inconsistentOffsets);
        putIfAny(errors, "precommitted-read", cases.precommittedRead());
        putIfAny(errors, "G1a", cases.g1a());
        putIfAny(errors, "lost-write", cases.lostWrites());
        Map<String, List<Map<String, Object>>> polls = cases.processPolls();
        putIfAny(errors, "nonmonotonic-poll", polls.get("nonmonotonic"));
        putIfAny(errors, "nonmonotonic-send", cases.nonmonotonicSends());
        putIfAny(errors, "poll-skip", polls.get("skip"));
        Map<String, Object> unseen = cases.unseen();
        if (unseen != null) {
            errors.put("unseen", unseen);
        }
        errors.putAll(cycles(ops, kf));
        return errors;
    }

    /** kafka's cycles!: elle.txn's cycles!, keeping what strict-serializable reports. */
    private Map<String, Object> cycles(KafkaOps ops, KafkaFacts kf) {
        KafkaGraph g = new KafkaGraph(ops, kf);
        Map<String, Object> found = new LinkedHashMap<>();
        if (g.graph.vertexCount() == 0) {
            found.put("empty-transaction-graph", true);
        }
        found.putAll(CycleAnomalies.find(g.graph, g.explainer, CycleAnomalies.DATA_FIRST, ops::op, stepsPerComponent));
        Set<String> reportable = ConsistencyModels.reportable(MODELS);
        found.keySet().retainAll(reportable);
        return found;
    }

    private static void putIfAny(Map<String, Object> errors, String type, List<Map<String, Object>> cases) {
        if (cases != null && !cases.isEmpty()) {
            errors.put(type, cases);
        }
    }

    private static List<String> infoCauses(KafkaOps ops) {
        Set<String> causes = new LinkedHashSet<>();
        for (Op op : ops.clientOps) {
            if (op.type() == Op.Type.INFO && Set.of("txn", "send", "poll").contains(op.f())) {
                causes.add(op.error());
            }
        }
        return new ArrayList<>(causes);
    }

    /** condense-error: a count and the most telling cases, as Jepsen trims them. */
    @SuppressWarnings("unchecked")
    static Object condense(String type, Object errs) {
        if (type.equals("unseen")) {
            return errs;
        }
        if (!(errs instanceof List<?>)) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("count", 1);
            c.put("errs", errs);
            return c;
        }
        List<Map<String, Object>> list = (List<Map<String, Object>>) errs;
        List<Map<String, Object>> shown = switch (type) {
            case "duplicate" -> take(sorted(list, "count"), 32);
            case "G0", "G0-process", "G0-realtime", "G1c", "G1c-process", "G1c-realtime" ->
                    take(sortedBy(list, c -> ((List<?>) c.get("steps")).size()), 8);
            case "inconsistent-offsets" -> take(sortedBy(list, c -> ((List<?>) c.get("values")).size()), 32);
            case "int-nonmonotonic-poll", "int-nonmonotonic-send", "nonmonotonic-poll", "nonmonotonic-send" ->
                    take(sorted(list, "delta"), 8);
            case "int-poll-skip", "int-send-skip", "poll-skip" -> takeLast(sorted(list, "delta"), 8);
            default -> list;
        };
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("count", list.size());
        c.put("errs", shown);
        return c;
    }

    private static List<Map<String, Object>> sorted(List<Map<String, Object>> list, String field) {
        return sortedBy(list, c -> ((Number) c.get(field)).intValue());
    }

    private static List<Map<String, Object>> sortedBy(List<Map<String, Object>> list,
                                                      java.util.function.ToIntFunction<Map<String, Object>> key) {
        List<Map<String, Object>> s = new ArrayList<>(list);
        s.sort(Comparator.comparingInt(key));
        return s;
    }

    private static List<Map<String, Object>> take(List<Map<String, Object>> list, int n) {
        return new ArrayList<>(list.subList(0, Math.min(n, list.size())));
    }

    private static List<Map<String, Object>> takeLast(List<Map<String, Object>> list, int n) {
        return new ArrayList<>(list.subList(Math.max(0, list.size() - n), list.size()));
    }

    /** The first case of a failing type in one line, so a failing row explains itself. */
    @SuppressWarnings("unchecked")
    static String firstCase(String type, Object errs) {
        if (!(errs instanceof List<?> list) || list.isEmpty()) {
            return String.valueOf(errs);
        }
        Map<String, Object> c = (Map<String, Object>) list.get(0);
        if (c.containsKey("explanation")) {
            return String.valueOf(c.get("explanation")).replaceAll("\\s+", " ").trim();
        }
        return switch (type) {
            case "inconsistent-offsets" -> "key " + c.get("key") + " offset " + c.get("offset") + " holds "
                    + c.get("values");
            case "duplicate" -> "key " + c.get("key") + " message " + c.get("value") + " is at offsets " + c.get("offsets");
            case "lost-write" -> "key " + c.get("key") + " message " + c.get("value") + " (index " + c.get("index")
                    + ") was acknowledged but never polled, though a poll read up to index " + c.get("max-read-index");
            case "G1a" -> "key " + c.get("key") + " message " + c.get("value") + " was polled though its send failed";
            case "int-poll-skip", "int-nonmonotonic-poll" -> "key " + c.get("key") + ": one poll returned "
                    + c.get("values") + " in a row, index delta " + c.get("delta");
            case "poll-skip", "nonmonotonic-poll", "nonmonotonic-send" -> "key " + c.get("key")
                    + ": index delta " + c.get("delta") + " between two ops of one process"
                    + (c.containsKey("skipped") ? ", skipping " + c.get("skipped") : "");
            default -> String.valueOf(c);
        };
    }
}
