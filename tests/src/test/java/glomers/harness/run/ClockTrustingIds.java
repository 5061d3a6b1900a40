package glomers.harness.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Bodies;
import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Planted: a unique-ids generator that trusts its wall clock. Ids are milliseconds, node index
 * and a sequence that restarts whenever the millisecond changes, backwards included, so a clock
 * stepped back reissues ids it gave before. In the simulator by its logic, in process mode by
 * its {@link #main} (the core's stdio runtime, so {@code clock-file=} steps its clock).
 */
final class ClockTrustingIds {

    private ClockTrustingIds() {
    }

    static NodeLogic newLogic() {
        long[] last = {-1, 0};
        return (env, handlers) -> {
            List<String> sorted = new ArrayList<>(env.nodeIds());
            Collections.sort(sorted);
            long index = sorted.indexOf(env.nodeId());
            handlers.on("generate", request -> {
                long millis = env.epochMillis();
                last[1] = millis == last[0] ? last[1] + 1 : 0;
                last[0] = millis;
                ObjectNode reply = Bodies.of("generate_ok");
                reply.put("id", (millis << 22) | (index << 12) | last[1]);
                request.reply(reply);
            });
        };
    }

    public static void main(String[] args) {
        StdioRuntime.run(newLogic(), args);
    }
}
