package glomers.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optional per-client rate limit ({@code client-rate=N}): a token bucket per client, N tokens
 * a second with a burst of N. A request over it is refused with error 11 before any handler
 * runs, so nothing happened and the client may retry. The table keeps the most recently seen
 * clients only, so a flood of client ids cannot grow it without bound.
 */
final class ClientRateLimit {

    static final int MAX_CLIENTS = 10_000;

    private final double perNano;
    private final double burst;
    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    ClientRateLimit(int perSecond) {
        this.perNano = perSecond / 1e9;
        this.burst = perSecond;
    }

    /** Takes a token for {@code client} at {@code nowNanos}; false when it has none left. */
    boolean admit(String client, long nowNanos) {
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.tokens = burst;
            bucket.lastNanos = nowNanos;
            buckets.put(client, bucket);
        }
        double tokens = Math.min(burst, bucket.tokens + Math.max(0, nowNanos - bucket.lastNanos) * perNano);
        bucket.lastNanos = nowNanos;
        if (tokens < 1) {
            bucket.tokens = tokens;
            return false;
        }
        bucket.tokens = tokens - 1;
        return true;
    }

    int clients() {
        return buckets.size();
    }
}
