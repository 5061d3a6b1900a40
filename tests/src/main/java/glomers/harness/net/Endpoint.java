package glomers.harness.net;

import glomers.core.Message;

/** Whatever the network delivers to: a node, a client, a service. */
@FunctionalInterface
public interface Endpoint {

    /** {@code envelopeId} is Maelstrom's global message id, written into the envelope. */
    void deliver(Message message, long envelopeId);
}
