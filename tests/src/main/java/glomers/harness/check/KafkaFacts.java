package glomers.harness.check;

import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What jepsen.tests.kafka's analysis derives from the completions before any check: the
 * messages sent and polled per completion type, each message's writer (the last completion that
 * sent it) and its readers.
 */
final class KafkaFacts {

    private final Map<Op.Type, Map<String, Set<Long>>> writesByType = new EnumMap<>(Op.Type.class);
    private final Map<Op.Type, Map<String, Set<Long>>> readsByType = new EnumMap<>(Op.Type.class);
    private final Map<String, Map<Long, Op>> writerOf = new HashMap<>();
    private final Map<String, Map<Long, List<Op>>> readersOf = new LinkedHashMap<>();
    private final KafkaOps ops;

    KafkaFacts(KafkaOps ops) {
        this.ops = ops;
        for (Op op : ops.clientOps) {
            if (op.isInvoke()) {
                continue;
            }
            ops.writes(op).forEach((k, ps) -> ps.forEach(p -> {
                writesByType.computeIfAbsent(op.type(), t -> new HashMap<>())
                        .computeIfAbsent(k, x -> new HashSet<>()).add(p.value());
                writerOf.computeIfAbsent(k, x -> new HashMap<>()).put(p.value(), op);
            }));
            ops.reads(op).forEach((k, ps) -> ps.forEach(p -> {
                readsByType.computeIfAbsent(op.type(), t -> new HashMap<>())
                        .computeIfAbsent(k, x -> new HashSet<>()).add(p.value());
                readersOf.computeIfAbsent(k, x -> new LinkedHashMap<>())
                        .computeIfAbsent(p.value(), x -> new ArrayList<>()).add(op);
            }));
        }
    }

    /** Per key, the messages some completion of this type sent. */
    Map<String, Set<Long>> writes(Op.Type type) {
        return writesByType.getOrDefault(type, Map.of());
    }

    /** Per key, the messages some completion of this type polled. */
    Map<String, Set<Long>> reads(Op.Type type) {
        return readsByType.getOrDefault(type, Map.of());
    }

    /** The completion that sent this message to this key, or null. */
    Op writer(String key, long value) {
        Map<Long, Op> w = writerOf.get(key);
        return w == null ? null : w.get(value);
    }

    Map<String, Map<Long, List<Op>>> readersOf() {
        return readersOf;
    }

    /** must-have-committed?: the op is ok, or info and an ok poll saw one of its messages. */
    boolean mustHaveCommitted(Op op) {
        if (op.isOk()) {
            return true;
        }
        if (op.type() != Op.Type.INFO) {
            return false;
        }
        Map<String, Set<Long>> okReads = reads(Op.Type.OK);
        for (Map.Entry<String, List<KafkaOps.Pair>> e : ops.writes(op).entrySet()) {
            Set<Long> seen = okReads.getOrDefault(e.getKey(), Set.of());
            for (KafkaOps.Pair p : e.getValue()) {
                if (seen.contains(p.value())) {
                    return true;
                }
            }
        }
        return false;
    }
}
