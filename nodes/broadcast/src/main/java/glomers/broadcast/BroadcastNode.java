package glomers.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import glomers.gossip.SetReplica;

/**
 * Challenge 3: every value broadcast to any node reaches every node, over the overlay the
 * profile chooses (Maelstrom's topology is only a hint). The values are a {@link SetReplica},
 * the grow-only set g-set replicates too. {@code broadcast_ok} goes out as soon as the value is
 * stored here (with {@code data=DIR}: on disk, before it is visible or sent): delaying it
 * further would shrink the measured latency, which games it.
 */
final class BroadcastNode implements NodeLogic {

    private SetReplica replica;

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        replica = SetReplica.start(env, handlers);
        // Route objects, not lambdas or method references, and String.concat rather than +: the
        // JVM's first invokedynamic costs it a bootstrap of about a hundred classes, better paid
        // after init_ok than before.
        handlers.on("topology", new Route(Route.TOPOLOGY))
                .on("broadcast", new Route(Route.BROADCAST))
                .on("read", new Route(Route.READ));
        env.log().info("profile", "broadcast profile ".concat(replica.describe()));
    }

    /** One client handler registered at init (see onInit for why not lambdas). */
    private final class Route implements Handlers.Handler {
        static final int TOPOLOGY = 0;
        static final int BROADCAST = 1;
        static final int READ = 2;

        private final int what;

        Route(int what) {
            this.what = what;
        }

        @Override
        public void handle(Request request) throws RpcError {
            switch (what) {
                case TOPOLOGY -> request.reply("topology_ok");
                case BROADCAST -> onBroadcast(request);
                case READ -> onRead(request);
                default -> throw new IllegalStateException("not a handler: " + what);
            }
        }
    }

    private void onBroadcast(Request request) throws RpcError {
        JsonNode message = request.body().get("message");
        if (message == null) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "broadcast needs a message field");
        }
        replica.addAndAck(message, request, "broadcast_ok");
    }

    /** Answered once this node has caught up at start: at once, but just after a restart. */
    private void onRead(Request request) throws RpcError {
        replica.answerRead(request, "messages");
    }
}
