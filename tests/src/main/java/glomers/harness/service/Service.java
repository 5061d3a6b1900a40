package glomers.harness.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Message;
import glomers.harness.net.Endpoint;
import glomers.harness.net.Network;

/**
 * One of Maelstrom's services (service.clj): handles each request on the harness loop, its only
 * thread, and replies with in_reply_to set to the request's msg_id and no msg_id of its own. A
 * request it cannot handle gets no reply: the caller times out, as under Maelstrom.
 */
abstract class Service implements Endpoint {

    private final String id;
    private final Network network;

    Service(String id, Network network) {
        this.id = id;
        this.network = network;
    }

    /** The reply body, or null for no reply. */
    abstract ObjectNode handle(String src, ObjectNode body);

    @Override
    public void deliver(Message message, long envelopeId) {
        ObjectNode reply = handle(message.src(), message.body());
        if (reply == null) {
            return;
        }
        JsonNode msgId = message.body().get("msg_id");
        if (msgId == null) {
            reply.putNull("in_reply_to");
        } else {
            reply.set("in_reply_to", msgId);
        }
        network.send(new Message(id, message.src(), reply));
    }
}
