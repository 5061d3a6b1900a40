package glomers.harness.check;

import glomers.harness.history.HistoryFile;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** jepsen.tests.kafka's error cases, each a function of the ops, their facts and the logs. */
final class KafkaCases {

    private final KafkaOps ops;
    private final KafkaFacts facts;
    private final KafkaLogs logs;

    KafkaCases(KafkaOps ops, KafkaFacts facts, KafkaLogs logs) {
        this.ops = ops;
        this.facts = facts;
        this.logs = logs;
    }

    private Integer index(String key, Long value) {
        KafkaLogs.Log log = logs.logs.get(key);
        return log == null || value == null ? null : log.index(value);
    }

    private List<Long> skipped(String key, int from, int to) {
        return new ArrayList<>(logs.logs.get(key).byIndex.subList(from + 1, to));
    }

    /** g1a-cases: an ok poll saw a message whose send failed. */
    List<Map<String, Object>> g1a() {
        Map<String, Set<Long>> failed = facts.writes(Op.Type.FAIL);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Op op : ops.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            ops.reads(op).forEach((k, ps) -> ps.forEach(p -> {
                if (failed.getOrDefault(k, Set.of()).contains(p.value())) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("key", k);
                    c.put("value", p.value());
                    c.put("writer", line(facts.writer(k, p.value())));
                    c.put("reader", line(op));
                    out.add(c);
                }
            }));
        }
        return out;
    }

    /** precommitted-read-cases: an op that polled a message it sent itself (never, with single-mop ops). */
    List<Map<String, Object>> precommittedRead() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Op op : ops.clientOps) {
            Map<String, List<KafkaOps.Pair>> reads = ops.reads(op);
            for (Map.Entry<String, List<KafkaOps.Pair>> w : ops.writes(op).entrySet()) {
                Set<Long> bad = new LinkedHashSet<>(KafkaOps.values(w.getValue()));
                bad.retainAll(KafkaOps.values(reads.getOrDefault(w.getKey(), List.of())));
                if (!bad.isEmpty()) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("op", line(op));
                    c.put("key", w.getKey());
                    c.put("value", bad.iterator().next());
                    out.add(c);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * lost-write-cases: per key, every message whose last appearance in the log is at or below
     * the highest first index of any message an ok poll saw must have been polled, if its
     * writer must have committed.
     */
    List<Map<String, Object>> lostWrites() {
        List<Map<String, Object>> out = new ArrayList<>();
        facts.reads(Op.Type.OK).forEach((k, vs) -> {
            KafkaLogs.Log log = logs.logs.get(k);
            Map<Long, Integer> firstIndex = KafkaLogs.firstIndex(log);
            List<List<Long>> lastIndex = KafkaLogs.lastIndexValues(log);
            int bound = -1;
            for (long v : vs) {
                Integer i = firstIndex.get(v);
                if (i != null) {
                    bound = Math.max(bound, i);
                }
            }
            if (bound < 0) {
                // Jepsen looks up the reader of position -1 here, and that throws.
                throw new IllegalStateException("lost-write analysis: ok polls of key " + k
                        + " returned no message at a known offset, and Jepsen's (nth last-index->values -1) throws");
            }
            Set<Long> mustRead = new LinkedHashSet<>();
            lastIndex.subList(0, bound + 1).forEach(mustRead::addAll);
            List<Long> atBound = lastIndex.get(bound);
            List<Op> maxReaders = atBound.isEmpty() ? null
                    : facts.readersOf().getOrDefault(k, Map.of()).get(atBound.get(0));
            for (long v : mustRead) {
                if (vs.contains(v)) {
                    continue;
                }
                Op writer = facts.writer(k, v);
                if (writer == null) {
                    throw new IllegalStateException("no-writer-of: key " + k + " value " + v
                            + " is in the log but no op sent it");
                }
                if (facts.mustHaveCommitted(writer)) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("key", k);
                    c.put("value", v);
                    c.put("index", firstIndex.get(v));
                    c.put("max-read-index", bound);
                    c.put("writer", line(writer));
                    c.put("max-read", maxReaders == null ? null : line(maxReaders.get(0)));
                    out.add(c);
                }
            }
        });
        return out;
    }

    /** int-poll-skip+nonmonotonic-cases: within one poll, a key's messages must step by index 1. */
    Map<String, List<Map<String, Object>>> internalPolls() {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        for (Op op : ops.clientOps) {
            ops.reads(op).forEach((k, ps) -> internal(out, op, k, KafkaOps.values(ps)));
        }
        return out;
    }

    /** int-send-skip+nonmonotonic-cases: the same for one op's sends (never, with single-mop ops). */
    Map<String, List<Map<String, Object>>> internalSends() {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        for (Op op : ops.clientOps) {
            if (!op.isInvoke()) {
                ops.writes(op).forEach((k, ps) -> internal(out, op, k, KafkaOps.values(ps)));
            }
        }
        return out;
    }

    private void internal(Map<String, List<Map<String, Object>>> out, Op op, String k, List<Long> vs) {
        Integer i1 = null;
        Long v1 = null;
        for (long v2 : vs) {
            Integer i2 = index(k, v2);
            int delta = i1 != null && i2 != null ? i2 - i1 : 1;
            if (delta != 1) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("key", k);
                c.put("values", java.util.Arrays.asList(v1, v2));
                c.put("delta", delta);
                if (delta > 1) {
                    c.put("skipped", skipped(k, i1, i2));
                }
                c.put("op", line(op));
                out.computeIfAbsent(delta > 1 ? "skip" : "nonmonotonic", t -> new ArrayList<>()).add(c);
            }
            i1 = i2;
            v1 = v2;
        }
    }

    /**
     * poll-skip+nonmonotonic-cases: per process, a key's first message in a poll must be one
     * index past its last message in the process's previous ok poll of that key; an ok or info
     * assign keeps that memory only for the keys it assigns.
     */
    Map<String, List<Map<String, Object>>> processPolls() {
        Map<String, List<Map<String, Object>>> out = new TreeMap<>();
        Map<Long, Map<String, Op>> lastReads = new HashMap<>();
        for (Op op : ops.clientOps) {
            Map<String, Op> last = lastReads.computeIfAbsent(op.process(), p -> new HashMap<>());
            if (op.f().equals("assign") || op.f().equals("subscribe")) {
                if (op.isOk() || op.type() == Op.Type.INFO) {
                    last.keySet().retainAll(keys(op));
                }
                continue;
            }
            if (!op.f().equals("poll") && !op.f().equals("txn")) {
                continue;
            }
            Map<String, List<KafkaOps.Pair>> reads = ops.reads(op);
            reads.forEach((k, ps) -> {
                Op lastOp = last.get(k);
                if (lastOp == null) {
                    return;
                }
                List<KafkaOps.Pair> before = ops.reads(lastOp).get(k);
                Long v = before.isEmpty() ? null : before.get(before.size() - 1).value();
                Long v2 = ps.isEmpty() ? null : ps.get(0).value();
                Integer i = index(k, v);
                Integer i2 = index(k, v2);
                int delta = i != null && i2 != null ? i2 - i : 1;
                if (delta == 1) {
                    return;
                }
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("key", k);
                if (delta > 1) {
                    c.put("delta", delta);
                    c.put("skipped", skipped(k, i, i2));
                } else {
                    c.put("values", java.util.Arrays.asList(v, v2));
                    c.put("delta", delta);
                }
                c.put("ops", List.of(line(lastOp), line(op)));
                out.computeIfAbsent(delta > 1 ? "skip" : "nonmonotonic", t -> new ArrayList<>()).add(c);
            });
            if (op.isOk()) {
                reads.keySet().forEach(k -> last.put(k, op));
            }
        }
        return out;
    }

    /** nonmonotonic-send-cases: per process, a send to a key must land after its previous send there. */
    List<Map<String, Object>> nonmonotonicSends() {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<Long, Map<String, Op>> lastSends = new HashMap<>();
        for (Op op : ops.clientOps) {
            if (!op.isOk() && op.type() != Op.Type.INFO) {
                continue;
            }
            Map<String, Op> last = lastSends.computeIfAbsent(op.process(), p -> new HashMap<>());
            if (op.f().equals("assign") || op.f().equals("subscribe")) {
                last.keySet().retainAll(keys(op));
                continue;
            }
            if (!op.f().equals("send") && !op.f().equals("txn")) {
                continue;
            }
            Map<String, List<KafkaOps.Pair>> sends = ops.writes(op);
            sends.forEach((k, ps) -> {
                Op lastOp = last.get(k);
                if (lastOp == null || ps.isEmpty()) {
                    return;
                }
                List<KafkaOps.Pair> before = ops.writes(lastOp).get(k);
                long v = before.get(before.size() - 1).value();
                long v2 = ps.get(0).value();
                Integer i = index(k, v);
                Integer i2 = index(k, v2);
                if (i != null && i2 != null && i2 - i < 1) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("key", k);
                    c.put("values", List.of(v, v2));
                    c.put("delta", i2 - i);
                    c.put("ops", List.of(line(lastOp), line(op)));
                    out.add(c);
                }
            });
            sends.keySet().forEach(k -> last.put(k, op));
        }
        return out;
    }

    /** duplicate-cases: one message at several offsets of a key. */
    List<Map<String, Object>> duplicates() {
        List<Map<String, Object>> out = new ArrayList<>();
        logs.logs.forEach((k, log) -> {
            Map<Long, List<Long>> offsets = new LinkedHashMap<>();
            log.offsets.forEach((o, vs) -> vs.forEach(v -> offsets.computeIfAbsent(v, x -> new ArrayList<>()).add(o)));
            offsets.forEach((v, os) -> {
                if (os.size() > 1) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("key", k);
                    c.put("value", v);
                    c.put("count", os.size());
                    c.put("offsets", os);
                    out.add(c);
                }
            });
        });
        return out;
    }

    /**
     * unseen, at the last ok send or poll: per key, the acknowledged messages no ok poll returned.
     * As in Jepsen, a key that first shows up in that last op's poll counts what it polled.
     * Null when nothing is unseen.
     */
    Map<String, Object> unseen() {
        Map<String, Set<Long>> sent = new TreeMap<>();
        Map<String, Set<Long>> polled = new TreeMap<>();
        Op lastOp = null;
        Set<String> keysBeforeLast = Set.of();
        for (Op op : ops.clientOps) {
            if (!op.isOk() || !(op.f().equals("poll") || op.f().equals("send") || op.f().equals("txn"))) {
                continue;
            }
            keysBeforeLast = new TreeSet<>(sent.keySet());
            keysBeforeLast.addAll(polled.keySet());
            ops.writes(op).forEach((k, ps) -> sent.computeIfAbsent(k, x -> new TreeSet<>()).addAll(KafkaOps.values(ps)));
            ops.reads(op).forEach((k, ps) -> polled.computeIfAbsent(k, x -> new TreeSet<>()).addAll(KafkaOps.values(ps)));
            lastOp = op;
        }
        if (lastOp == null) {
            return null;
        }
        Map<String, Set<Long>> unseen = new TreeMap<>();
        sent.forEach((k, vs) -> {
            Set<Long> left = new TreeSet<>(vs);
            left.removeAll(polled.getOrDefault(k, Set.of()));
            unseen.put(k, left);
        });
        for (String k : ops.reads(lastOp).keySet()) {
            if (!sent.containsKey(k) && !keysBeforeLast.contains(k)) {
                unseen.put(k, polled.get(k));
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, List<Long>> messages = new TreeMap<>();
        unseen.forEach((k, vs) -> {
            if (!vs.isEmpty()) {
                counts.put(k, vs.size());
                messages.put(k, new ArrayList<>(vs).subList(0, Math.min(32, vs.size())));
            }
        });
        if (counts.isEmpty()) {
            return null;
        }
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("time", lastOp.timeNanos());
        u.put("unseen", counts);
        u.put("messages", messages);
        return u;
    }

    private static Set<String> keys(Op op) {
        Set<String> keys = new HashSet<>();
        if (op.value() != null) {
            op.value().forEach(k -> keys.add(k.asText()));
        }
        return keys;
    }

    static Object line(Op op) {
        return op == null ? null : HistoryFile.line(op);
    }
}
