package glomers.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.DurableFloor;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeArgs;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.gossip.GossipLinks;
import glomers.gossip.LatticeReplica;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Challenges 6a to 6c: a totally available transactional key-value store, read committed.
 *
 * <p>Every node runs every transaction at once on its own copy, never refusing one. Reads see
 * the transaction's own earlier writes, else the local register. All writes of a transaction
 * share one version, a Lamport tuple (clock + 1, node index) taken at commit, and land together
 * in the local registers (last writer wins by version); only a key's final write in the
 * transaction is stored, so no one ever sees an intermediate value, and nothing is ever aborted.
 * The clock moves past every version this node receives, so a transaction that read another's
 * write always gets a larger version than it.
 *
 * <p>The registers are a {@link LatticeReplica}: batched once a period (100 ms by default,
 * longer where the network is slow), through a hub, acknowledged, resent until acknowledged; a
 * start begins with a sync of every peer's registers, which also moves a restarted node's clock
 * past the versions it wrote before.
 */
final class TxnNode implements NodeLogic {

    private Env env;
    private int nodeIndex;
    private long clock;
    /** With {@code data=DIR}: the clock never starts below what a previous run used. */
    private DurableFloor clockFloor;
    private final Registers registers = new Registers();
    /** False only in the planted store that never replicates (the test jar's BrokenTxnNodes). */
    private final boolean replicates;

    TxnNode() {
        this(true);
    }

    TxnNode(boolean replicates) {
        this.replicates = replicates;
    }

    /**
     * Clock values each write of the floor reserves: a restart may skip up to this many, which
     * costs nothing (versions need only grow), and a busy node writes the floor rarely.
     */
    static final long CLOCK_FLOOR_RESERVE = 100_000;

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        this.env = env;
        NodeArgs args = NodeArgs.parse(env.args(), List.of("gossip-ms", "overlay", "data", "mode"));
        long period = args.positiveMillis("gossip-ms", 100);
        boolean hub = args.oneOf("overlay", "hub", List.of("hub", "mesh")).equals("hub");
        String data = args.text("data");
        if (data != null) {
            try {
                clockFloor = DurableFloor.open(env, data, "clock-floor", CLOCK_FLOOR_RESERVE);
            } catch (IOException e) {
                throw new RpcError(ErrorCode.CRASH, "cannot use data directory ".concat(data).concat(": ")
                        .concat(String.valueOf(e.getMessage())));
            }
            clock = clockFloor.floor();
        }
        List<String> sorted = new ArrayList<>(env.nodeIds());
        sorted.sort(null);
        nodeIndex = sorted.indexOf(env.nodeId());
        // The period follows the network, up to 16 times the base: see LatticeReplica. Its start-up
        // sync also moves a restarted node's clock past the versions it wrote before.
        if (replicates) {
            new LatticeReplica<>(env, handlers, registers, new Codec(), new Route(), period, 16 * period, hub);
        }
        // Objects rather than lambdas before init_ok: each first invokedynamic costs startup time.
        handlers.on("txn", new Route());
    }

    /** The txn handler and the replica's listener, in one object. */
    private final class Route implements Handlers.Handler, LatticeReplica.Listener<Registers> {
        @Override
        public void handle(Request request) throws RpcError {
            onTxn(request);
        }

        @Override
        public void beforeMerge(Registers delta) {
            clock = Math.max(clock, delta.maxCounter());
        }
    }

    private void onTxn(Request request) throws RpcError {
        JsonNode txn = request.body().get("txn");
        if (txn == null || !txn.isArray()) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "txn needs an array of micro-operations, got " + txn);
        }
        Map<String, Registers.Register> writes = new LinkedHashMap<>();
        ArrayNode done = Bodies.nodes().arrayNode();
        for (JsonNode op : txn) {
            if (!op.isArray() || op.size() != 3) {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "a micro-operation is [f, key, value], got " + op);
            }
            JsonNode f = op.get(0);
            JsonNode key = op.get(1);
            if ("r".equals(f.asText())) {
                Registers.Register own = writes.get(key.toString());
                Registers.Register stored = own != null ? own : registers.get(key);
                done.addArray().add(f).add(key).add(stored == null ? NullNode.getInstance() : stored.value());
            } else if ("w".equals(f.asText())) {
                // Keyed by JSON text, so a second write to a key replaces the first: only the
                // transaction's final write to a key is ever stored.
                writes.remove(key.toString());
                writes.put(key.toString(), new Registers.Register(key, op.get(2), null));
                done.addArray().add(f).add(key).add(op.get(2));
            } else {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "a micro-operation is \"r\" or \"w\", got " + f);
            }
        }
        if (!writes.isEmpty()) {
            refuseKeysPastTheBound(writes);
            coverOnDisk(clock + 1);
            Version version = new Version(++clock, nodeIndex);
            for (Registers.Register write : writes.values()) {
                registers.put(new Registers.Register(write.key(), write.value(), version));
            }
        }
        ObjectNode reply = Bodies.of("txn_ok");
        reply.set("txn", done);
        request.reply(reply);
    }

    /** With a data directory, the clock value about to be used is under the floor on disk first. */
    private void coverOnDisk(long value) throws RpcError {
        if (clockFloor == null) {
            return;
        }
        try {
            clockFloor.cover(value);
        } catch (IOException e) {
            throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "could not store the clock floor, nothing was written: " + e);
        }
    }

    /** The Lamport clock: the counter of the last version this node used or saw. */
    long clock() {
        return clock;
    }

    /**
     * Registers this node keeps at most (about 150 bytes each, in the launcher's 192 MB heap): a
     * transaction writing a key past them is refused with 11, nothing written.
     */
    static final int MAX_KEYS = 200_000;

    private void refuseKeysPastTheBound(Map<String, Registers.Register> writes) throws RpcError {
        if (registers.size() + writes.size() <= MAX_KEYS) {
            return;
        }
        int added = 0;
        for (Registers.Register write : writes.values()) {
            if (registers.get(write.key()) == null && registers.size() + ++added > MAX_KEYS) {
                env.metrics().counter("refused-new-keys").increment();
                throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "key " + write.key() + " would be one more than the "
                        + MAX_KEYS + " registers this node keeps; nothing was written");
            }
        }
    }

    private static final class Codec implements GossipLinks.Codec<Registers> {
        @Override
        public JsonNode encode(Registers delta) {
            return delta.toJson();
        }

        @Override
        public Registers decode(JsonNode json) {
            return Registers.fromJson(json);
        }
    }
}
