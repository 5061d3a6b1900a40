package glomers.harness.check;

import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jepsen.tests.kafka's realtime-lag and worst-realtime-lag: for each key of each ok poll, how
 * long before the poll's invocation the highest offset this process had seen of that key stopped
 * being the log's last (known from the ok or info ops that showed a higher offset), at least 0.
 * An ok assign resets the process's memory to -1 for new keys and keeps it for kept ones.
 * Informational: it never changes the verdict.
 */
final class KafkaRealtimeLag {

    private KafkaRealtimeLag() {
    }

    /** The first poll key with the greatest lag, times in seconds; {time 0, lag 0} when there are none. */
    static Map<String, Object> worst(KafkaOps ops) {
        Map<String, List<Long>> expired = expired(ops);
        Map<Long, Map<String, Long>> processOffsets = new HashMap<>();
        Map<String, Object> worst = null;
        long worstLag = Long.MIN_VALUE;
        for (Op op : ops.clientOps) {
            if (!op.isOk()) {
                continue;
            }
            if (op.f().equals("assign")) {
                Map<String, Long> old = processOffsets.getOrDefault(op.process(), Map.of());
                Map<String, Long> next = new LinkedHashMap<>();
                op.value().forEach(k -> next.put(k.asText(), old.getOrDefault(k.asText(), -1L)));
                processOffsets.put(op.process(), next);
                continue;
            }
            if (!op.f().equals("poll") && !op.f().equals("txn")) {
                continue;
            }
            long invokeTime = ops.op(ops.counterpart(op.index())).timeNanos();
            Map<String, Long> offsets = processOffsets.computeIfAbsent(op.process(), p -> new LinkedHashMap<>());
            maxOffsets(ops, op).forEach((k, o) -> offsets.merge(k, o, Math::max));
            for (Map.Entry<String, Long> e : offsets.entrySet()) {
                List<Long> times = expired.getOrDefault(e.getKey(), List.of());
                int i = (int) (e.getValue() + 1);
                long lag = i < times.size() ? Math.max(0, invokeTime - times.get(i)) : 0;
                if (worst == null || lag > worstLag) {
                    worstLag = lag;
                    worst = new LinkedHashMap<>();
                    worst.put("time", invokeTime / 1e9);
                    worst.put("process", op.process());
                    worst.put("key", e.getKey());
                    worst.put("lag", lag / 1e9);
                }
            }
        }
        if (worst == null) {
            worst = new LinkedHashMap<>();
            worst.put("time", 0.0);
            worst.put("lag", 0.0);
        }
        return worst;
    }

    /** Per key, element i: when offset i was first known to exist (so offset i - 1 was no longer last). */
    private static Map<String, List<Long>> expired(KafkaOps ops) {
        Map<String, List<Long>> expired = new HashMap<>();
        for (Op op : ops.clientOps) {
            if (op.isOk() || op.type() == Op.Type.INFO) {
                maxOffsets(ops, op).forEach((k, known) -> {
                    List<Long> times = expired.computeIfAbsent(k, x -> new ArrayList<>());
                    for (long i = known; i >= 0 && (i >= times.size() || times.get((int) i) == null); i--) {
                        while (times.size() <= i) {
                            times.add(null);
                        }
                        times.set((int) i, op.timeNanos());
                    }
                });
            }
        }
        return expired;
    }

    /** op->max-offsets: per key, the highest offset the op polled (-1 for none) or sent (at least 0). */
    private static Map<String, Long> maxOffsets(KafkaOps ops, Op op) {
        Map<String, Long> m = new LinkedHashMap<>();
        ops.reads(op).forEach((k, ps) -> {
            long max = -1;
            for (KafkaOps.Pair p : ps) {
                if (p.offset() != null) {
                    max = Math.max(max, p.offset());
                }
            }
            m.merge(k, max, Math::max);
        });
        ops.writes(op).forEach((k, ps) -> {
            for (KafkaOps.Pair p : ps) {
                if (p.offset() != null) {
                    m.merge(k, Math.max(0, p.offset()), Math::max);
                }
            }
        });
        return m;
    }
}
