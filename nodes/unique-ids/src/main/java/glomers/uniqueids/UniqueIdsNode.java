package glomers.uniqueids;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.DurableFloor;
import glomers.core.Env;
import glomers.core.ErrorCode;
import glomers.core.Handlers;
import glomers.core.NodeArgs;
import glomers.core.NodeLogic;
import glomers.core.Request;
import glomers.core.RpcError;
import java.io.IOException;
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
        String data = NodeArgs.parse(env.args(), DATA_ONLY).text("data");
        SnowflakeGenerator generator = new SnowflakeGenerator(nodeIndex(env));
        DurableFloor floor = null;
        if (data != null) {
            try {
                floor = DurableFloor.open(env, data, "id-floor", FLOOR_RESERVE_MILLIS);
                generator.startAbove(floor.floor());
            } catch (IOException e) {
                throw new RpcError(ErrorCode.CRASH, "cannot use data directory ".concat(data).concat(": ")
                        .concat(String.valueOf(e.getMessage())));
            }
        }
        // A nested class, not a lambda: with no lambda on the way to init_ok the JVM skips the
        // invokedynamic bootstrap (about a hundred classes) before its first reply.
        handlers.on("generate", new Generate(generator, floor, env));
    }

    /**
     * The one node argument: {@code data=DIR}, a durable floor under the ids' millisecond
     * ({@link DurableFloor}), so no restart reissues an id, whatever the clock did meanwhile.
     */
    private static final List<String> DATA_ONLY = List.of("data");
    /** Each write of the floor reserves a second of ids: one small write a second at most. */
    static final long FLOOR_RESERVE_MILLIS = 1_000;

    private static final class Generate implements Handlers.Handler {
        private final SnowflakeGenerator generator;
        /** Null without {@code data}: ids are then unique while the node lives. */
        private final DurableFloor floor;
        private final Env env;

        Generate(SnowflakeGenerator generator, DurableFloor floor, Env env) {
            this.generator = generator;
            this.floor = floor;
            this.env = env;
        }

        @Override
        public void handle(Request request) throws RpcError {
            long id = generator.next(env.epochMillis());
            if (floor != null) {
                try {
                    floor.cover(SnowflakeGenerator.millisOf(id));
                } catch (IOException e) {
                    // Not given out, so never reissued: the generator only skips it.
                    throw new RpcError(ErrorCode.TEMPORARILY_UNAVAILABLE, "could not store the id floor: " + e);
                }
            }
            ObjectNode reply = Bodies.of("generate_ok");
            reply.put("id", id);
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
