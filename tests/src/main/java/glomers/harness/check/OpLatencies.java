package glomers.harness.check;

import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.collections.api.list.primitive.MutableLongList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * Not a Maelstrom checker (Maelstrom only plots latencies): for the results table, per client
 * {@code :f}, the number of ok completions and the p50, p95, p99 and max of their latency
 * (invocation to completion) in milliseconds, quantiles taken as Jepsen does
 * ({@code sorted[min(n-1, floor(n*q))]}). Always valid.
 */
public final class OpLatencies implements Checker {

    public OpLatencies() {
    }

    @Override
    public String name() {
        return "latencies";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        Pairs pairs = Pairs.of(history);
        List<Op> ops = history.ops();
        Map<String, MutableLongList> byF = new TreeMap<>();
        for (Op op : ops) {
            if (!op.isClient() || !op.isOk()) {
                continue;
            }
            Op invoke = ops.get(pairs.counterpart(op.index()));
            byF.computeIfAbsent(op.f(), f -> new LongArrayList()).add(op.timeNanos() - invoke.timeNanos());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<String, MutableLongList> e : byF.entrySet()) {
            long[] sorted = e.getValue().toSortedArray();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", (long) sorted.length);
            m.put("p50", ms(sorted, 0.5));
            m.put("p95", ms(sorted, 0.95));
            m.put("p99", ms(sorted, 0.99));
            m.put("max", ms(sorted, 1.0));
            fields.put(e.getKey(), m);
        }
        return CheckResult.of(name(), Validity.TRUE, fields);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Fields.quantileIndex(sorted.length, q)] / 1_000_000.0;
    }
}
