package glomers.harness.check;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for result fields as Jepsen renders them. */
final class Fields {

    /** Jepsen's quantile points for set-full latencies: 0, 0.5, 0.95, 0.99, 1. */
    static final Number[] SET_FULL_POINTS = {0, 0.5, 0.95, 0.99, 1};

    private Fields() {
    }

    /** The {@code :valid?} value as Jepsen prints it: true, false or "unknown". */
    static Object valid(Validity v) {
        return switch (v) {
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case UNKNOWN -> "unknown";
        };
    }

    /**
     * Jepsen's {@code frequency-distribution}: for each point q, {@code sorted[min(n-1, floor(n*q))]};
     * null when there are no values. {@code sorted} must be ascending.
     */
    static Map<Number, Long> distribution(long[] sorted) {
        if (sorted.length == 0) {
            return null;
        }
        Map<Number, Long> m = new LinkedHashMap<>();
        for (Number q : SET_FULL_POINTS) {
            m.put(q, sorted[quantileIndex(sorted.length, q.doubleValue())]);
        }
        return m;
    }

    static int quantileIndex(int n, double q) {
        return (int) Math.min(n - 1, (long) Math.floor(n * q));
    }
}
