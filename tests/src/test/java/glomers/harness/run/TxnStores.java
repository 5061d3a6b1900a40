package glomers.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test-only txn-rw-register nodes: one correct store and four with a planted fault each. The
 * single-store ones keep their state on the first node; the others forward every txn to it and
 * relay the answer, as Maelstrom's broken reference nodes do.
 */
final class TxnStores {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long FORWARD_TIMEOUT_NS = 4_000_000_000L;

    private TxnStores() {
    }

    /** What the owning node does with one txn: answer it now (a reply body), or later (null). */
    @FunctionalInterface
    interface Owner {
        ObjectNode onTxn(Request r) throws RpcError;
    }

    /** Serves txns on the first node, forwarding from the others. */
    static NodeLogic singleStore(java.util.function.Function<Env, Owner> owner) {
        return (env, handlers) -> {
            String first = env.nodeIds().get(0);
            if (!env.nodeId().equals(first)) {
                handlers.on("txn", r -> forward(env, first, r));
                return;
            }
            Owner o = owner.apply(env);
            handlers.on("txn", r -> {
                ObjectNode reply = o.onTxn(r);
                if (reply != null) {
                    r.reply(reply);
                }
            });
        };
    }

    private static void forward(Env env, String owner, Request r) {
        ObjectNode body = JSON.objectNode().put("type", "txn");
        body.set("txn", r.body().get("txn"));
        env.rpc(owner, body, FORWARD_TIMEOUT_NS, reply -> {
            ObjectNode relayed = reply.deepCopy();
            relayed.remove("in_reply_to");
            relayed.remove("msg_id");
            r.reply(relayed);
        });
    }

    /** Runs a txn's micro-ops on {@code state} in order, keys by their JSON text; the completed txn. */
    static ArrayNode apply(Map<String, JsonNode> state, JsonNode txn) {
        ArrayNode done = JSON.arrayNode();
        for (JsonNode mop : txn) {
            String k = mop.get(1).toString();
            if (mop.get(0).asText().equals("r")) {
                done.addArray().add("r").add(mop.get(1)).add(state.getOrDefault(k, NullNode.getInstance()));
            } else {
                state.put(k, mop.get(2));
                done.add(mop);
            }
        }
        return done;
    }

    static ObjectNode txnOk(ArrayNode txn) {
        ObjectNode body = JSON.objectNode().put("type", "txn_ok");
        body.set("txn", txn);
        return body;
    }

    /** Correct: every txn runs alone, in arrival order, on one copy of the state. */
    static NodeLogic serial() {
        return singleStore(env -> {
            Map<String, JsonNode> state = new HashMap<>();
            return r -> txnOk(apply(state, r.body().get("txn")));
        });
    }

    /** Planted: every {@code every}th txn is applied and then refused with error 30 (G1a). */
    static NodeLogic abortedRead(int every) {
        return singleStore(env -> {
            Map<String, JsonNode> state = new HashMap<>();
            long[] n = {0};
            return r -> {
                ArrayNode done = apply(state, r.body().get("txn"));
                if (++n[0] % every == 0) {
                    throw new RpcError(ErrorCode.TXN_CONFLICT, "txn conflict");
                }
                return txnOk(done);
            };
        });
    }

    /**
     * Planted: a txn that writes a key twice leaves its first value in the store, for others to
     * read, though it reports both writes (G1b).
     */
    static NodeLogic intermediateWrite() {
        return singleStore(env -> {
            Map<String, JsonNode> state = new HashMap<>();
            return r -> {
                JsonNode txn = r.body().get("txn");
                ArrayNode done = apply(state, txn);
                Map<String, JsonNode> firstWrites = new HashMap<>();
                for (JsonNode mop : txn) {
                    if (mop.get(0).asText().equals("w")) {
                        firstWrites.putIfAbsent(mop.get(1).toString(), mop.get(2));
                    }
                }
                state.putAll(firstWrites);
                return txnOk(done);
            };
        });
    }

    /**
     * Planted: txns that arrive within {@code windowMs} of each other are run together, every
     * write of all of them first and then every read, so each sees the others' uncommitted
     * writes (dirty reads both ways: G1c).
     */
    static NodeLogic dirtyBatches(long windowMs) {
        return singleStore(env -> {
            Map<String, JsonNode> state = new HashMap<>();
            List<Request> pending = new ArrayList<>();
            return r -> {
                pending.add(r);
                if (pending.size() == 1) {
                    env.after(windowMs * 1_000_000L, () -> {
                        for (Request p : pending) {
                            for (JsonNode mop : p.body().get("txn")) {
                                if (mop.get(0).asText().equals("w")) {
                                    state.put(mop.get(1).toString(), mop.get(2));
                                }
                            }
                        }
                        for (Request p : pending) {
                            ArrayNode done = JSON.arrayNode();
                            for (JsonNode mop : p.body().get("txn")) {
                                done.add(mop.get(0).asText().equals("w") ? mop : JSON.arrayNode().add("r")
                                        .add(mop.get(1)).add(state.getOrDefault(mop.get(1).toString(),
                                                NullNode.getInstance())));
                            }
                            p.reply(txnOk(done));
                        }
                        pending.clear();
                    });
                }
                return null;
            };
        });
    }

    /**
     * Totally available and not isolated: every node runs txns on its own copy at once, then
     * ships the writes to the others every {@code gossipMs}; a key keeps the write with the
     * highest (Lamport time, node), so copies agree once quiet, but a txn sees only what has
     * reached its node.
     */
    static NodeLogic lastWriterWins(long gossipMs) {
        return (env, handlers) -> {
            Map<String, JsonNode> values = new HashMap<>();
            Map<String, long[]> stamps = new HashMap<>();
            long[] clock = {0};
            ArrayNode outbox = JSON.arrayNode();
            int me = env.nodeIds().indexOf(env.nodeId());
            Set<String> peers = new HashSet<>(env.nodeIds());
            peers.remove(env.nodeId());
            handlers.on("txn", r -> {
                ArrayNode done = JSON.arrayNode();
                for (JsonNode mop : r.body().get("txn")) {
                    String k = mop.get(1).toString();
                    if (mop.get(0).asText().equals("r")) {
                        done.addArray().add("r").add(mop.get(1)).add(values.getOrDefault(k, NullNode.getInstance()));
                    } else {
                        long t = ++clock[0];
                        values.put(k, mop.get(2));
                        stamps.put(k, new long[] {t, me});
                        outbox.addArray().add(mop.get(1)).add(mop.get(2)).add(t).add(me);
                        done.add(mop);
                    }
                }
                r.reply(txnOk(done));
            });
            handlers.on("replicate", r -> {
                for (JsonNode w : r.body().get("writes")) {
                    String k = w.get(0).toString();
                    long[] stamp = {w.get(2).longValue(), w.get(3).longValue()};
                    clock[0] = Math.max(clock[0], stamp[0]);
                    long[] mine = stamps.get(k);
                    if (mine == null || stamp[0] > mine[0] || (stamp[0] == mine[0] && stamp[1] > mine[1])) {
                        values.put(k, w.get(1));
                        stamps.put(k, stamp);
                    }
                }
            });
            env.every(gossipMs * 1_000_000L, () -> {
                if (outbox.isEmpty()) {
                    return;
                }
                for (String peer : peers) {
                    ObjectNode body = JSON.objectNode().put("type", "replicate");
                    body.set("writes", outbox.deepCopy());
                    env.send(peer, body);
                }
                outbox.removeAll();
            });
        };
    }
}
