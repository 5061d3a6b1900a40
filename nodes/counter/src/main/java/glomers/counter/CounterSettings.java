package glomers.counter;

import glomers.core.NodeArgs;
import glomers.core.RpcError;
import java.util.List;

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

    static CounterSettings fromArgs(List<String> args) throws RpcError {
        NodeArgs parsed = NodeArgs.parse(args, List.of("mode", "gossip-ms", "sync-wait-ms", "overlay"));
        Mode mode = parsed.oneOf("mode", "crdt", List.of("crdt", "seq-kv")).equals("crdt") ? Mode.CRDT : Mode.SEQ_KV;
        return new CounterSettings(mode, parsed.positiveMillis("gossip-ms", 1000),
                parsed.positiveMillis("sync-wait-ms", 1000),
                parsed.oneOf("overlay", "hub", List.of("hub", "mesh")).equals("hub"));
    }
}
