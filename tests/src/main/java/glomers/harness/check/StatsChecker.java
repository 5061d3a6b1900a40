package glomers.harness.check;

import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Jepsen's {@code stats} as Maelstrom wraps it ({@code jepsen.tests.kafka/stats-checker}): over
 * client completions, the count, ok-count, fail-count and info-count overall and per {@code :f}.
 * An f is valid iff it completed ok at least once; the checker is valid iff every f other than
 * {@code crash} and {@code debug-topic-partitions} is. With no completions at all it is valid
 * (Jepsen merges an empty set of per-f verdicts to true).
 */
public final class StatsChecker implements Checker {

    /** The fs Maelstrom's wrapper ignores: kafka's crash ops always end indeterminate. */
    static final Set<String> EXEMPT = Set.of("crash", "debug-topic-partitions");

    public StatsChecker() {
    }

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        long[] all = new long[3];
        Map<String, long[]> byF = new TreeMap<>();
        for (Op op : history.ops()) {
            if (!op.isClient() || op.isInvoke()) {
                continue;
            }
            int slot = switch (op.type()) {
                case OK -> 0;
                case FAIL -> 1;
                case INFO -> 2;
                case INVOKE -> throw new IllegalStateException("unreachable");
            };
            all[slot]++;
            byF.computeIfAbsent(op.f(), f -> new long[3])[slot]++;
        }
        boolean valid = true;
        Map<String, Object> byFFields = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : byF.entrySet()) {
            long[] c = e.getValue();
            if (c[0] == 0 && !EXEMPT.contains(e.getKey())) {
                valid = false;
            }
            byFFields.put(e.getKey(), counts(c));
        }
        Validity v = Validity.of(valid);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("valid?", Fields.valid(v));
        Map<String, Object> overall = counts(all);
        overall.remove("valid?"); // Jepsen overwrites the overall fold's verdict with the per-f one
        fields.putAll(overall);
        fields.put("by-f", byFFields);
        return CheckResult.of(name(), v, fields);
    }

    private static Map<String, Object> counts(long[] c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid?", c[0] > 0);
        m.put("count", c[0] + c[1] + c[2]);
        m.put("ok-count", c[0]);
        m.put("fail-count", c[1]);
        m.put("info-count", c[2]);
        return m;
    }
}
