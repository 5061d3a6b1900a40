package glomers.harness.run;

import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-:f latency quantiles of ok client ops (invocation to completion), which Maelstrom only
 * plots. The q point of n sorted samples is sorted[min(n-1, floor(n·q))], as Jepsen computes.
 */
final class LatencySummary {

    private LatencySummary() {
    }

    /** f -> {count, p50, p95, p99, max} in milliseconds. */
    static Map<String, Map<String, Double>> of(List<Op> ops) {
        Map<Long, Op> open = new HashMap<>();
        Map<String, List<Long>> byF = new TreeMap<>();
        for (Op op : ops) {
            if (!op.isClient()) {
                continue;
            }
            if (op.isInvoke()) {
                open.put(op.process(), op);
                continue;
            }
            Op invoke = open.remove(op.process());
            if (invoke != null && op.isOk()) {
                byF.computeIfAbsent(op.f(), k -> new ArrayList<>()).add(op.timeNanos() - invoke.timeNanos());
            }
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        byF.forEach((f, samples) -> {
            samples.sort(null);
            Map<String, Double> q = new LinkedHashMap<>();
            q.put("count", (double) samples.size());
            q.put("p50", quantile(samples, 0.5));
            q.put("p95", quantile(samples, 0.95));
            q.put("p99", quantile(samples, 0.99));
            q.put("max", quantile(samples, 1.0));
            out.put(f, q);
        });
        return out;
    }

    private static double quantile(List<Long> sorted, double q) {
        int n = sorted.size();
        int i = Math.min(n - 1, (int) Math.floor(n * q));
        return sorted.get(i) / 1e6;
    }
}
