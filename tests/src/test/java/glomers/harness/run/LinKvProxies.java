package glomers.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Env;
import glomers.core.NodeLogic;
import glomers.core.Request;
import java.util.HashMap;
import java.util.Map;

/**
 * Test-only lin-kv nodes that keep no state of their own but the harness's {@code lin-kv}
 * service, as Maelstrom's demo/ruby/lin_kv_proxy.rb does: one forwards every request and relays
 * the answer (linearizable, since the service is), the other also serves reads from a cache of
 * the values it has seen (stale once another node writes).
 */
final class LinKvProxies {

    private static final String SERVICE = "lin-kv";
    /** Maelstrom's lin-kv client gives up after 1 s; a later answer is useless. */
    private static final long FORWARD_TIMEOUT_NS = 1_000_000_000L;

    private LinKvProxies() {
    }

    static NodeLogic proxy() {
        return (env, handlers) -> {
            for (String type : new String[] {"read", "write", "cas"}) {
                handlers.on(type, r -> forward(env, r, reply -> { }));
            }
        };
    }

    /**
     * Still linearizable, with indefinite ops: of every {@code every} writes and cas-es, one is
     * applied and never answered and another is dropped unapplied, so clients time out (:info)
     * on ops that did and did not take effect, get new processes, and retire keys.
     */
    static NodeLogic unanswered(int every) {
        return (env, handlers) -> {
            handlers.on("read", r -> forward(env, r, reply -> { }));
            long[] n = {0};
            for (String type : new String[] {"write", "cas"}) {
                handlers.on(type, r -> {
                    long k = n[0]++ % every;
                    if (k == every / 2) {
                        return; // dropped: never applied, never answered
                    }
                    ObjectNode body = r.body().deepCopy();
                    body.remove("msg_id");
                    if (k == 0) {
                        env.rpc(SERVICE, body, FORWARD_TIMEOUT_NS, reply -> { }); // applied, never answered
                        return;
                    }
                    forward(env, r, reply -> { });
                });
            }
        };
    }

    /** Planted: a read of a key this node has seen a value for is answered from that value. */
    static NodeLogic cachedReads() {
        return (env, handlers) -> {
            Map<String, JsonNode> cache = new HashMap<>();
            handlers.on("read", r -> {
                JsonNode cached = cache.get(r.body().get("key").toString());
                if (cached != null) {
                    ObjectNode ok = r.body().objectNode().put("type", "read_ok");
                    ok.set("value", cached);
                    r.reply(ok);
                    return;
                }
                forward(env, r, reply -> {
                    if (reply.path("type").asText().equals("read_ok")) {
                        cache.put(r.body().get("key").toString(), reply.get("value"));
                    }
                });
            });
            handlers.on("write", r -> forward(env, r, reply -> {
                if (reply.path("type").asText().equals("write_ok")) {
                    cache.put(r.body().get("key").toString(), r.body().get("value"));
                }
            }));
            handlers.on("cas", r -> forward(env, r, reply -> {
                if (reply.path("type").asText().equals("cas_ok")) {
                    cache.put(r.body().get("key").toString(), r.body().get("to"));
                }
            }));
        };
    }

    /** Sends the request's body to the service and relays its answer, error or not. */
    private static void forward(Env env, Request r, java.util.function.Consumer<ObjectNode> seen) {
        ObjectNode body = r.body().deepCopy();
        body.remove("msg_id");
        env.rpc(SERVICE, body, FORWARD_TIMEOUT_NS, reply -> {
            seen.accept(reply);
            ObjectNode relayed = reply.deepCopy();
            relayed.remove("in_reply_to");
            relayed.remove("msg_id");
            r.reply(relayed);
        });
    }
}
