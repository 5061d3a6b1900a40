package glomers.counter;

import glomers.core.ErrorCode;
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
 *       peer's state (crdt);
 *   <li>{@code data=DIR} (crdt; none by default): this node's own entry on disk, written before
 *       an add is acknowledged, so a restart keeps every acknowledged add (see
 *       {@link DurableEntry}).
 * </ul>
 *
 * An unknown key or a bad value is refused at {@code init}, with the valid ones named.
 */
record CounterSettings(Mode mode, long gossipNanos, long syncWaitNanos, boolean hubOverlay, String data) {

    enum Mode { CRDT, SEQ_KV }

    static CounterSettings fromArgs(List<String> args) throws RpcError {
        NodeArgs parsed = NodeArgs.parse(args, List.of("mode", "gossip-ms", "sync-wait-ms", "overlay", "data"));
        Mode mode = parsed.oneOf("mode", "crdt", List.of("crdt", "seq-kv")).equals("crdt") ? Mode.CRDT : Mode.SEQ_KV;
        String data = parsed.text("data");
        if (data != null && mode == Mode.SEQ_KV) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "data is for mode=crdt: in mode=seq-kv the counter "
                    + "lives in seq-kv and the nodes hold nothing to keep");
        }
        return new CounterSettings(mode, parsed.positiveMillis("gossip-ms", 1000),
                parsed.positiveMillis("sync-wait-ms", 1000),
                parsed.oneOf("overlay", "hub", List.of("hub", "mesh")).equals("hub"), data);
    }
}
