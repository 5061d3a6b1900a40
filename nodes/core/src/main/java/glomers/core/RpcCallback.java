package glomers.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives the reply to an RPC: the body as the peer sent it, or a synthesised timeout error. */
@FunctionalInterface
public interface RpcCallback {
    void onReply(ObjectNode reply) throws Exception;
}
