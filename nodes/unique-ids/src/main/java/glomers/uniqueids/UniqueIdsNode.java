package glomers.uniqueids;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Challenge 2: ids from a local Snowflake generator, so {@code generate} never waits on the
 * network and stays available through any partition.
 */
final class UniqueIdsNode implements NodeLogic {

    @Override
    public void onInit(Env env, Handlers handlers) throws RpcError {
        SnowflakeGenerator generator = new SnowflakeGenerator(nodeIndex(env));
        // A nested class, not a lambda: with no lambda on the way to init_ok the JVM skips the
        // invokedynamic bootstrap (about a hundred classes) before its first reply.
        handlers.on("generate", new Generate(generator, env));
    }

    private static final class Generate implements Handlers.Handler {
        private final SnowflakeGenerator generator;
        private final Env env;

        Generate(SnowflakeGenerator generator, Env env) {
            this.generator = generator;
            this.env = env;
        }

        @Override
        public void handle(Request request) {
            ObjectNode reply = Bodies.of("generate_ok");
            reply.put("id", generator.next(env.epochMillis()));
            request.reply(reply);
        }
    }

    /** The position in the sorted ids: distinct by construction, unlike a hash of the name. */
    static int nodeIndex(Env env) throws RpcError {
        List<String> sorted = new ArrayList<>(env.nodeIds());
        Collections.sort(sorted);
        if (sorted.size() > SnowflakeGenerator.MAX_NODES) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "unique-ids supports at most "
                    + SnowflakeGenerator.MAX_NODES + " nodes (the id has " + SnowflakeGenerator.NODE_BITS
                    + " node bits), got " + sorted.size());
        }
        return sorted.indexOf(env.nodeId());
    }
}
