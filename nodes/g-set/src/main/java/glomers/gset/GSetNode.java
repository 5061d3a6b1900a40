package glomers.gset;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.gossip.SetReplica;

/**
 * Maelstrom's g-set workload: a grow-only set that every node serves. It is broadcast under other
 * names ({@code add {element}} for {@code broadcast {message}}, {@code read_ok {value}} for
 * {@code read_ok {messages}}), so it is the same {@link SetReplica}, with the same profiles.
 * {@code add_ok} goes out as soon as the element is stored here (with {@code data=DIR}: on disk).
 */
final class GSetNode implements NodeLogic {

    private SetReplica replica;

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        replica = SetReplica.start(env, handlers);
        // Objects rather than lambdas before init_ok: see BroadcastNode.
        handlers.on("add", new Route(true)).on("read", new Route(false));
        env.log().info("profile", "g-set profile ".concat(replica.describe()));
    }

    /** The two client handlers. */
    private final class Route implements Handlers.Handler {
        private final boolean add;

        Route(boolean add) {
            this.add = add;
        }

        @Override
        public void handle(Request request) throws RpcError {
            if (add) {
                onAdd(request);
            } else {
                onRead(request);
            }
        }
    }

    private void onAdd(Request request) throws RpcError {
        JsonNode element = request.body().get("element");
        if (element == null) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "add needs an element field");
        }
        replica.addAndAck(element, request, "add_ok");
    }

    /** Answered once this node has caught up at start: at once, but just after a restart. */
    private void onRead(Request request) throws RpcError {
        replica.answerRead(request, "value");
    }
}
