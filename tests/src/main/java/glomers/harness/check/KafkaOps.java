package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kafka history's client ops with each op's sends and polls per key, as jepsen.tests.kafka's
 * op-writes and op-reads read them: a send micro-op {@code ["send", k, v]} or, once
 * acknowledged, {@code ["send", k, [offset, v]]}; a poll micro-op {@code ["poll", {k: [[offset,
 * v], ...]}]}. Keys are compared as text and messages as integers, as Maelstrom sends them.
 */
final class KafkaOps {

    /** One message at one offset; the offset is null for a send not acknowledged. */
    record Pair(Long offset, long value) {
    }

    final List<Op> clientOps = new ArrayList<>();
    private final List<Op> all;
    private final Pairs pairs;
    private final Map<Integer, Map<String, List<Pair>>> reads = new LinkedHashMap<>();
    private final Map<Integer, Map<String, List<Pair>>> writes = new LinkedHashMap<>();

    KafkaOps(History history) {
        this.all = history.ops();
        this.pairs = Pairs.of(history);
        for (Op op : all) {
            if (!op.isClient()) {
                continue;
            }
            clientOps.add(op);
            Map<String, List<Pair>> w = parseWrites(op);
            if (!w.isEmpty()) {
                writes.put(op.index(), w);
            }
            Map<String, List<Pair>> r = parseReads(op);
            if (!r.isEmpty()) {
                reads.put(op.index(), r);
            }
        }
    }

    Op op(int index) {
        return all.get(index);
    }

    /** The invocation of a completion, the completion of an invocation, or -1. */
    int counterpart(int index) {
        return pairs.counterpart(index);
    }

    Map<String, List<Pair>> reads(Op op) {
        return reads.getOrDefault(op.index(), Collections.emptyMap());
    }

    Map<String, List<Pair>> writes(Op op) {
        return writes.getOrDefault(op.index(), Collections.emptyMap());
    }

    static List<Long> values(List<Pair> pairs) {
        List<Long> vs = new ArrayList<>(pairs.size());
        pairs.forEach(p -> vs.add(p.value()));
        return vs;
    }

    private static Map<String, List<Pair>> parseWrites(Op op) {
        Map<String, List<Pair>> w = new LinkedHashMap<>();
        if (!(op.f().equals("send") || op.f().equals("txn")) || op.value() == null || !op.value().isArray()) {
            return w;
        }
        for (JsonNode mop : op.value()) {
            if (mop.isArray() && mop.path(0).asText().equals("send")) {
                JsonNode v = mop.path(2);
                Pair p = v.isArray() ? new Pair(offset(op, v.path(0)), message(op, v.path(1)))
                        : new Pair(null, message(op, v));
                w.computeIfAbsent(mop.path(1).asText(), k -> new ArrayList<>()).add(p);
            }
        }
        return w;
    }

    private static Map<String, List<Pair>> parseReads(Op op) {
        Map<String, List<Pair>> r = new LinkedHashMap<>();
        if (!(op.f().equals("poll") || op.f().equals("txn")) || op.value() == null || !op.value().isArray()) {
            return r;
        }
        for (JsonNode mop : op.value()) {
            if (!mop.isArray() || !mop.path(0).asText().equals("poll") || mop.size() < 2) {
                continue;
            }
            mop.get(1).fields().forEachRemaining(e -> {
                List<Pair> ps = r.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                for (JsonNode pair : e.getValue()) {
                    ps.add(new Pair(offset(op, pair.path(0)), message(op, pair.path(1))));
                }
            });
        }
        return r;
    }

    private static Long offset(Op op, JsonNode n) {
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException("op " + op.index() + ": offset " + n + " is not an integer");
        }
        return n.longValue();
    }

    private static long message(Op op, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException("op " + op.index() + ": message " + n + " is not an integer");
        }
        return n.longValue();
    }
}
