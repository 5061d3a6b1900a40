package glomers.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;

/** Challenge 1: answers {@code echo} with the same value. */
final class EchoNode implements NodeLogic {

    @Override
    public void onInit(Env env, Handlers handlers) {
        // A nested class, not a lambda: with no lambda on the way to init_ok the JVM skips the
        // invokedynamic bootstrap (about a hundred classes) before its first reply.
        handlers.on("echo", new Echo());
    }

    private static final class Echo implements Handlers.Handler {
        @Override
        public void handle(Request request) throws RpcError {
            JsonNode echo = request.body().get("echo");
            if (echo == null) {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "echo needs an echo field");
            }
            ObjectNode reply = Bodies.of("echo_ok");
            reply.set("echo", echo);
            request.reply(reply);
        }
    }
}
