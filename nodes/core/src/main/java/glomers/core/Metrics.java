package glomers.core;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.IntCountsHistogram;

/**
 * A node's figures: what the core counts for every binary (messages and bytes in and out by
 * body type, handler time, RPCs pending and timed out) and what a workload adds in one line,
 * {@code env.metrics().counter("gossip-retransmits").increment()} or
 * {@code env.metrics().distribution("gossip-batch-values").record(n)}. The host writes them as
 * one JSON log line ({@code "event":"metrics"}) every few seconds and when stdin ends: Maelstrom
 * kills nodes without warning, so there is no "at exit" to wait for. Single-threaded, like the
 * node.
 */
public final class Metrics {

    /** A count that only grows. */
    public static final class Counter {
        private long value;

        public void increment() {
            value++;
        }

        public void add(long n) {
            value += n;
        }

        public long value() {
            return value;
        }

        /**
         * Counts one and says whether this is the 1st, 10th, 100th, ... so a flood of one kind of
         * event is logged a handful of times while the counter keeps the whole count.
         */
        public boolean incrementAtMilestone() {
            value++;
            long power = 1;
            while (power <= value / 10) {
                power *= 10;
            }
            return value == power;
        }
    }

    /** Values whose quantiles matter (sizes, latencies), kept by HdrHistogram to 2 significant digits. */
    public static final class Distribution {
        private final IntCountsHistogram histogram;

        Distribution(IntCountsHistogram histogram) {
            this.histogram = histogram;
        }

        /** Records a value; negative values count as 0. */
        public void record(long value) {
            histogram.recordValue(Math.max(0, value));
        }

        void writeJson(StringBuilder out, double scale) {
            out.append("{\"count\":").append(histogram.getTotalCount());
            if (histogram.getTotalCount() > 0) {
                out.append(",\"mean\":");
                number(out, histogram.getMean() / scale);
                out.append(",\"p50\":");
                number(out, histogram.getValueAtPercentile(50) / scale);
                out.append(",\"p99\":");
                number(out, histogram.getValueAtPercentile(99) / scale);
                out.append(",\"max\":");
                number(out, histogram.getMaxValue() / scale);
            }
            out.append('}');
        }
    }

    /** One body type's traffic through this node. */
    static final class TypeStats {
        long inMsgs;
        long inBytes;
        long outMsgs;
        long outBytes;
        /** Of outMsgs, those to other nodes and services: what Maelstrom counts as server messages. */
        long outToServers;
        long rpcTimeouts;
        /** Handler time in nanoseconds, 1 µs to 60 s; null until a request of the type is handled. */
        Distribution handlerNanos;
    }

    /**
     * By type; a hash map on the message path, sorted only when a snapshot is written. Types come
     * from the input, so a flood of made-up ones shares one entry past {@link #MAX_TYPES}.
     */
    private final Map<String, TypeStats> types = new HashMap<>();
    static final int MAX_TYPES = 256;
    static final String OTHER_TYPES = "(other types)";
    private final Map<String, Counter> counters = new TreeMap<>();
    private final Map<String, Distribution> distributions = new TreeMap<>();

    /** The counter named {@code name}, made on first use. */
    public Counter counter(String name) {
        Counter counter = counters.get(name);
        if (counter == null) {
            counter = new Counter();
            counters.put(name, counter);
        }
        return counter;
    }

    /** The distribution named {@code name}, made on first use. */
    public Distribution distribution(String name) {
        Distribution distribution = distributions.get(name);
        if (distribution == null) {
            distribution = new Distribution(new IntCountsHistogram(2));
            distributions.put(name, distribution);
        }
        return distribution;
    }

    /** The last type looked up, in and out: a request and its reply type repeat run after run. */
    private String lastInType;
    private TypeStats lastInStats;
    private String lastOutType;
    private TypeStats lastOutStats;

    /** The stats of {@code type}, made on first use; past {@link #MAX_TYPES} types, the shared other entry. */
    TypeStats type(String type) {
        TypeStats stats = types.get(type);
        if (stats == null) {
            String key = types.size() < MAX_TYPES - 1 ? type : OTHER_TYPES;
            stats = types.get(key);
            if (stats == null) {
                stats = new TypeStats();
                types.put(key, stats);
            }
        }
        return stats;
    }

    private TypeStats inType(String type) {
        if (!type.equals(lastInType)) {
            lastInStats = type(type);
            lastInType = type;
        }
        return lastInStats;
    }

    private TypeStats outType(String type) {
        if (!type.equals(lastOutType)) {
            lastOutStats = type(type);
            lastOutType = type;
        }
        return lastOutStats;
    }

    /** Counts a message of {@code type} received, {@code bytes} long (-1 when unknown); its stats, for {@link #handled}. */
    TypeStats received(String type, int bytes) {
        return received(inType(type), bytes);
    }

    /** As above, for a type whose stats the caller holds (a registered request type's). */
    TypeStats received(TypeStats stats, int bytes) {
        stats.inMsgs++;
        if (bytes > 0) {
            stats.inBytes += bytes;
        }
        return stats;
    }

    void sent(String type, boolean toServer) {
        TypeStats stats = outType(type);
        stats.outMsgs++;
        if (toServer) {
            stats.outToServers++;
        }
    }

    /** Bytes of a line read ({@code in}) or written for a message of {@code type}; the runtimes know them. */
    public void bytes(String type, boolean in, long bytes) {
        TypeStats stats = in ? inType(type) : outType(type);
        if (in) {
            stats.inBytes += bytes;
        } else {
            stats.outBytes += bytes;
        }
    }

    void handled(TypeStats stats, long nanos) {
        if (stats.handlerNanos == null) {
            stats.handlerNanos = new Distribution(new IntCountsHistogram(1_000, 60_000_000_000L, 2));
        }
        stats.handlerNanos.histogram.recordValue(Math.min(60_000_000_000L, Math.max(1_000, nanos)));
    }

    void rpcTimedOut(String type) {
        type(type).rpcTimeouts++;
    }

    /**
     * The snapshot as one JSON object: {@code messages} by type (in, out, out to servers, bytes),
     * {@code handler-us} quantiles by request type, {@code rpc} pending and timed out by type,
     * and the workload's {@code counters} and {@code distributions}.
     */
    public String toJson(long uptimeMillis, int pendingRpcs) {
        Map<String, TypeStats> types = new TreeMap<>(this.types);
        StringBuilder out = new StringBuilder(256 + 160 * types.size());
        out.append("{\"uptime-ms\":").append(uptimeMillis).append(",\"messages\":{");
        boolean first = true;
        for (Map.Entry<String, TypeStats> e : types.entrySet()) {
            TypeStats t = e.getValue();
            if (t.inMsgs + t.outMsgs == 0) {
                continue;
            }
            first = comma(out, first);
            name(out, e.getKey());
            out.append("{\"in\":").append(t.inMsgs).append(",\"in-bytes\":").append(t.inBytes)
                    .append(",\"out\":").append(t.outMsgs).append(",\"out-bytes\":").append(t.outBytes)
                    .append(",\"out-to-servers\":").append(t.outToServers).append('}');
        }
        out.append("},\"handler-us\":{");
        first = true;
        for (Map.Entry<String, TypeStats> e : types.entrySet()) {
            if (e.getValue().handlerNanos != null) {
                first = comma(out, first);
                name(out, e.getKey());
                e.getValue().handlerNanos.writeJson(out, 1_000.0);
            }
        }
        out.append("},\"rpc\":{\"pending\":").append(pendingRpcs).append(",\"timed-out\":{");
        first = true;
        for (Map.Entry<String, TypeStats> e : types.entrySet()) {
            if (e.getValue().rpcTimeouts > 0) {
                first = comma(out, first);
                name(out, e.getKey());
                out.append(e.getValue().rpcTimeouts);
            }
        }
        out.append("}},\"counters\":{");
        first = true;
        for (Map.Entry<String, Counter> e : counters.entrySet()) {
            first = comma(out, first);
            name(out, e.getKey());
            out.append(e.getValue().value);
        }
        out.append("},\"distributions\":{");
        first = true;
        for (Map.Entry<String, Distribution> e : distributions.entrySet()) {
            first = comma(out, first);
            name(out, e.getKey());
            e.getValue().writeJson(out, 1.0);
        }
        return out.append("}}").toString();
    }

    private static boolean comma(StringBuilder out, boolean first) {
        if (!first) {
            out.append(',');
        }
        return false;
    }

    private static void name(StringBuilder out, String name) {
        out.append('"');
        StreamLog.escape(out, name);
        out.append("\":");
    }

    private static void number(StringBuilder out, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(Math.round(value * 1000) / 1000.0);
        }
    }
}
