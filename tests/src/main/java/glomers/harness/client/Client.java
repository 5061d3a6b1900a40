package glomers.harness.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Message;
import glomers.harness.net.Endpoint;
import glomers.harness.net.Network;
import glomers.harness.sched.Scheduler;
import java.util.function.Consumer;

/**
 * One Maelstrom client (client.clj): an id cN on the network, bound to one node, one request at
 * a time, msg_id counting from 1. It waits for a message whose in_reply_to equals the pending
 * msg_id, from anyone, and skips everything else (late replies included).
 */
public final class Client implements Endpoint {

    private final String id;
    private final String node;
    private final Network network;
    private final Scheduler scheduler;
    private long nextMsgId = 1;
    private long pendingMsgId = -1;
    private Consumer<ObjectNode> pending;
    private boolean closed;

    public Client(String id, String node, Network network, Scheduler scheduler) {
        this.id = id;
        this.node = node;
        this.network = network;
        this.scheduler = scheduler;
        network.add(id, this);
    }

    public String id() {
        return id;
    }

    public String node() {
        return node;
    }

    /**
     * Sends {@code body} (its type and fields; msg_id is added here) and calls {@code done} once:
     * with the reply body, or with null on timeout.
     */
    public void call(ObjectNode body, long timeoutNanos, Consumer<ObjectNode> done) {
        if (pending != null || closed) {
            throw new IllegalStateException("client " + id + " is busy or closed");
        }
        long msgId = nextMsgId++;
        body.put("msg_id", msgId);
        pendingMsgId = msgId;
        pending = done;
        network.send(new Message(id, node, body));
        scheduler.at(scheduler.nowNanos() + timeoutNanos, () -> {
            if (pending != null && pendingMsgId == msgId) {
                finish(null);
            }
        });
    }

    @Override
    public void deliver(Message message, long envelopeId) {
        if (pending == null) {
            return;
        }
        var inReplyTo = message.body().get("in_reply_to");
        if (inReplyTo != null && inReplyTo.isIntegralNumber() && inReplyTo.longValue() == pendingMsgId) {
            finish(message.body());
        }
    }

    private void finish(ObjectNode reply) {
        Consumer<ObjectNode> done = pending;
        pending = null;
        pendingMsgId = -1;
        done.accept(reply);
    }

    /** Leaves the network: from now on a node that messages this id breaks the protocol. */
    public void close() {
        closed = true;
        network.remove(id);
    }
}
