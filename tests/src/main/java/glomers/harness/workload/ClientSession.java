package glomers.harness.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a workload's client sees while invoking an op: its RPC to the thread's node, and state
 * that lives as long as the Maelstrom client does (kafka's assignment and offsets, for example);
 * a replaced client starts with empty state.
 */
public interface ClientSession {

    /** Sends {@code body} to the client's node; {@code reply} gets the body, or null on timeout. */
    void call(ObjectNode body, long timeoutNanos, Consumer<ObjectNode> reply);

    /** Per-client state, empty for a fresh client. */
    Map<String, Object> state();

    /** The node this client talks to; empty when unknown. */
    default String node() {
        return "";
    }

    /** A session over one client; state is kept with it. */
    static ClientSession over(glomers.harness.client.Client client) {
        Map<String, Object> state = new LinkedHashMap<>();
        return new ClientSession() {
            @Override
            public void call(ObjectNode body, long timeoutNanos, Consumer<ObjectNode> reply) {
                client.call(body, timeoutNanos, reply);
            }

            @Override
            public Map<String, Object> state() {
                return state;
            }

            @Override
            public String node() {
                return client.node();
            }
        };
    }
}
