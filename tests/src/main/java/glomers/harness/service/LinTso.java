package glomers.harness.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.net.Network;

/** lin-tso: {@code ts} -> {@code ts_ok {ts}}, counting from 0. */
final class LinTso extends Service {

    private long next;

    LinTso(Network network) {
        super("lin-tso", network);
    }

    @Override
    ObjectNode handle(String src, ObjectNode body) {
        if (!"ts".equals(body.path("type").asText())) {
            return null;
        }
        return JsonNodeFactory.instance.objectNode().put("type", "ts_ok").put("ts", next++);
    }
}
