package com.example.guide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeArgs;
import glomers.core.NodeLogic;
import glomers.core.RpcError;
import glomers.core.Storage;
import glomers.core.Timer;
import glomers.kv.KvClient;
import glomers.kv.Tso;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The code of nodes/core/README.md ("Write a Maelstrom node in Java"), compiled: the guide's
 * test checks that every java block of the guide appears here (or in the example) verbatim,
 * and GuideSnippetsTest runs these nodes.
 */
final class Snippets {

    private Snippets() {
    }

    /** Handlers, replies and errors. */
    static final class Registers implements NodeLogic {
        private final Map<String, JsonNode> values = new HashMap<>();

        @Override
        public void onInit(Env env, Handlers handlers) {
            handlers.on("write", request -> {
                values.put(request.body().path("key").asText(), request.body().get("value"));
                request.reply("write_ok");
            });
            handlers.on("read", request -> {
                JsonNode value = values.get(request.body().path("key").asText());
                if (value == null) {
                    // A definite code: the client learns that nothing happened.
                    throw new RpcError(ErrorCode.KEY_DOES_NOT_EXIST, "no such key");
                }
                ObjectNode reply = Bodies.of("read_ok");
                reply.set("value", value);
                request.reply(reply);
            });
        }
    }

    /** Sending, RPC, and a reply that waits for one. */
    static final class Forwarder implements NodeLogic {
        @Override
        public void onInit(Env env, Handlers handlers) {
            String leader = env.nodeIds().get(0);
            handlers.on("ping", request -> request.reply("pong"));
            handlers.on("hello", request -> { }); // a one-way message: nothing to reply to
            handlers.on("greet", request -> {
                ObjectNode hello = Bodies.of("hello");
                hello.put("from", env.nodeId());
                env.send(leader, hello);
                request.reply("greet_ok");
            });
            handlers.on("check", request -> {
                env.rpc(leader, Bodies.of("ping"), TimeUnit.MILLISECONDS.toNanos(500), reply -> {
                    Optional<RpcError> error = RpcError.of(reply);
                    if (error.isPresent()) {
                        // Code 0 (timeout) comes from the core: the leader may never have seen the ping.
                        request.replyError(error.get());
                    } else {
                        request.reply("check_ok");
                    }
                });
            });
        }
    }

    /** Timers, time, randomness, the log and the metrics. */
    static final class Gossiper implements NodeLogic {
        @Override
        public void onInit(Env env, Handlers handlers) {
            handlers.on("gossip", request -> env.metrics().counter("gossip-received").increment());
            Timer gossip = env.every(TimeUnit.MILLISECONDS.toNanos(200), () -> {
                String peer = env.nodeIds().get(env.random().nextInt(env.nodeIds().size()));
                if (!peer.equals(env.nodeId())) {
                    env.send(peer, Bodies.of("gossip"));
                }
            });
            long startedNanos = env.nowNanos();
            env.after(TimeUnit.SECONDS.toNanos(30), () -> {
                gossip.cancel();
                env.log().info("gossip-stopped", "after " + (env.nowNanos() - startedNanos) / 1_000_000 + " ms");
            });
        }
    }

    /** The KV and TSO clients. */
    static final class Hits implements NodeLogic {
        @Override
        public void onInit(Env env, Handlers handlers) {
            KvClient kv = KvClient.linKv(env);
            handlers.on("hit", request -> kv.readLong("hits", read -> {
                if (!read.ok() && !read.keyMissing()) {
                    request.replyError(read.toRpcError());
                    return;
                }
                long from = read.ok() ? read.value() : 0;
                kv.cas("hits", from, from + 1, true, cas -> {
                    if (cas.ok()) {
                        ObjectNode reply = Bodies.of("hit_ok");
                        reply.put("hits", from + 1);
                        request.reply(reply);
                    } else {
                        // 22 (another node won) is definite: nothing happened. A timeout (0) is not.
                        request.replyError(cas.toRpcError());
                    }
                });
            }));
            Tso tso = Tso.linTso(env);
            handlers.on("stamp", request -> tso.ts(ts -> {
                if (!ts.ok()) {
                    request.replyError(ts.toRpcError());
                    return;
                }
                ObjectNode reply = Bodies.of("stamp_ok");
                reply.put("ts", ts.value());
                request.reply(reply);
            }));
        }
    }

    /** Node arguments of one's own. */
    static final class Configured implements NodeLogic {
        @Override
        public void onInit(Env env, Handlers handlers) throws RpcError {
            NodeArgs args = NodeArgs.parse(env.args(), List.of("mode", "gossip-ms"));
            String mode = args.oneOf("mode", "fast", List.of("fast", "careful"));
            long gossipNanos = args.positiveMillis("gossip-ms", 200);
            env.log().info("configured", "mode " + mode + ", gossip every " + gossipNanos / 1_000_000 + " ms");
        }
    }

    /** Durable storage. */
    static final class Journal implements NodeLogic {
        private final List<byte[]> entries = new java.util.ArrayList<>();

        @Override
        public void onInit(Env env, Handlers handlers) throws RpcError {
            Storage storage;
            try {
                storage = env.openStorage("journal-" + env.nodeId());
                for (Storage.Record record : storage.recover("entries")) {
                    entries.add(record.bytes());
                }
            } catch (IOException e) {
                throw new RpcError(ErrorCode.CRASH, "cannot open the journal: " + e);
            }
            handlers.on("append", request -> {
                byte[] entry = request.body().path("entry").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                storage.append("entries", entry);
                storage.sync(); // durable from here on, so only now may the client hear append_ok
                entries.add(entry);
                request.reply("append_ok");
            });
        }
    }
}
