package com.example.gcounter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.core.StdioRuntime;
import glomers.kv.KvClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gossip Glomers challenge 4, a grow-only counter, on Maelstrom's seq-kv. Each node owns one key,
 * "count-NODE", and adds to it with compare-and-set; a read sums every node's key.
 */
public final class GCounter implements NodeLogic {

    private Env env;
    private KvClient kv;
    /** This node's key as it last saw it: where the next compare-and-set starts from. */
    private long known;
    private List<Request> waiting = new ArrayList<>();
    /** The adds of the compare-and-set under way; one at a time, so none overtakes another. */
    private List<Request> inFlight = List.of();
    private long fence;

    public static void main(String[] args) {
        StdioRuntime.run(new GCounter(), args);
    }

    @Override
    public void onInit(Env env, Handlers handlers) {
        this.env = env;
        this.kv = KvClient.seqKv(env);
        // Random per start, so a restarted node never writes a fence value its key already holds.
        this.fence = env.random().nextLong(1, Long.MAX_VALUE / 2);
        handlers.on("add", this::onAdd).on("read", this::onRead);
        env.every(TimeUnit.MILLISECONDS.toNanos(100), this::flush); // retries what a conflict held back
    }

    private void onAdd(Request add) throws RpcError {
        if (!add.body().path("delta").canConvertToLong() || add.body().path("delta").asLong() < 0) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "add needs an integer delta >= 0");
        }
        waiting.add(add);
        flush();
    }

    /** Adds every waiting delta to this node's key in one compare-and-set; add_ok once it holds. */
    private void flush() {
        if (!inFlight.isEmpty() || waiting.isEmpty()) {
            return;
        }
        inFlight = waiting;
        waiting = new ArrayList<>();
        long to = known;
        for (Request add : inFlight) {
            to += add.body().path("delta").asLong();
        }
        long sum = to;
        kv.cas(key(env.nodeId()), known, sum, true, result -> {
            List<Request> adds = inFlight;
            if (result.ok()) {
                known = sum;
                inFlight = List.of();
                adds.forEach(add -> add.reply("add_ok"));
            } else if (result.preconditionFailed()) {
                // The key moved on without us (this node restarted): read it, then try again.
                kv.readLong(key(env.nodeId()), current -> {
                    known = current.ok() ? current.value() : known;
                    inFlight = List.of();
                    waiting.addAll(0, adds);
                });
            } else {
                // A timeout: the cas may have happened, so trying again could count the adds twice.
                inFlight = List.of();
                adds.forEach(add -> add.replyError(result.toRpcError()));
            }
        });
    }

    /** Sums every node's key, after a write that brings this node's view of seq-kv up to date. */
    private void onRead(Request read) {
        // seq-kv may serve a read from an old state, but never a write: a write moves this node's view on.
        kv.write("fence-" + env.nodeId(), ++fence, fenced -> {
            if (!fenced.ok()) {
                read.replyError(fenced.toRpcError());
                return;
            }
            long[] sum = {0};
            int[] left = {env.nodeIds().size()};
            for (String node : env.nodeIds()) {
                kv.readLong(key(node), value -> {
                    if (read.replied()) {
                        return; // an earlier key failed
                    } else if (!value.ok() && !value.keyMissing()) {
                        read.replyError(value.toRpcError());
                        return;
                    }
                    sum[0] += value.ok() ? value.value() : 0;
                    if (--left[0] == 0) {
                        ObjectNode ok = Bodies.of("read_ok");
                        ok.put("value", sum[0]);
                        read.reply(ok);
                    }
                });
            }
        });
    }

    private static String key(String node) {
        return "count-" + node;
    }
}
