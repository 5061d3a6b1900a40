package glomers.counter;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node arguments of the counter binaries, each {@code key=value}:
 *
 * <ul>
 *   <li>{@code mode=crdt} (default): a delta CRDT gossiped between nodes; {@code mode=seq-kv}:
 *       no state of its own, the counter lives in Maelstrom's seq-kv service;
 *   <li>{@code gossip-ms=N} (default 1000): how often changed entries go to peers (crdt);
 *   <li>{@code overlay=hub} (default) or {@code overlay=mesh}: who gossips to whom (crdt; see
 *       {@link CrdtCounterNode});
 *   <li>{@code sync-wait-ms=N} (default 1000): how long reads wait after a start for every
 *       peer's state (crdt).
 * </ul>
 *
 * An unknown key or a bad value is refused at {@code init}, with the valid ones named.
 */
record CounterSettings(Mode mode, long gossipNanos, long syncWaitNanos, boolean hubOverlay) {

    enum Mode { CRDT, SEQ_KV }

    static final CounterSettings DEFAULTS = new CounterSettings(Mode.CRDT, TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(1), true);

    static CounterSettings fromArgs(List<String> args) throws glomers.core.RpcError {
        CounterSettings s = DEFAULTS;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            try {
                s = switch (key.startsWith("--") ? key.substring(2) : key) {
                    case "mode" -> new CounterSettings(mode(value), s.gossipNanos, s.syncWaitNanos, s.hubOverlay);
                    case "gossip-ms" -> new CounterSettings(s.mode, positiveMillis(value), s.syncWaitNanos, s.hubOverlay);
                    case "sync-wait-ms" -> new CounterSettings(s.mode, s.gossipNanos, positiveMillis(value), s.hubOverlay);
                    case "overlay" -> new CounterSettings(s.mode, s.gossipNanos, s.syncWaitNanos, hub(value));
                    default -> throw new IllegalArgumentException("unknown counter argument '" + arg
                            + "'; valid: mode=crdt|seq-kv, gossip-ms=N, sync-wait-ms=N, overlay=hub|mesh");
                };
            } catch (IllegalArgumentException e) {
                throw new glomers.core.RpcError(glomers.core.ErrorCode.MALFORMED_REQUEST, e.getMessage());
            }
        }
        return s;
    }

    private static Mode mode(String value) {
        return switch (value) {
            case "crdt" -> Mode.CRDT;
            case "seq-kv" -> Mode.SEQ_KV;
            default -> throw new IllegalArgumentException("unknown counter mode '" + value + "'; valid: crdt, seq-kv");
        };
    }

    private static boolean hub(String value) {
        return switch (value) {
            case "hub" -> true;
            case "mesh" -> false;
            default -> throw new IllegalArgumentException("unknown overlay '" + value + "'; valid: hub, mesh");
        };
    }

    private static long positiveMillis(String value) {
        long ms = Long.parseLong(value);
        if (ms <= 0) {
            throw new IllegalArgumentException("expected a positive number of milliseconds, got " + value);
        }
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
