package glomers.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.RpcError;

/** Challenge 1: answers {@code echo} with the same value. */
final class EchoNode implements NodeLogic {

    @Override
    public void onInit(Env env, Handlers handlers) {
        handlers.on("echo", request -> {
            JsonNode echo = request.body().get("echo");
            if (echo == null) {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "echo needs an echo field");
            }
            ObjectNode reply = Bodies.of("echo_ok");
            reply.set("echo", echo);
            request.reply(reply);
        });
    }
}
