package glomers.harness.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * lww-kv as Maelstrom v0.2.4 runs it (service.clj Eventual over LWWKV): two replicas, each with
 * a Lamport clock and values stamped by it, and each op runs on a random one. The replicas never
 * exchange state: Eventual/handle! computes a merge of two random replicas but then applies the
 * op to the replicas as they were before it (service.clj:216-234), so the merge is discarded.
 * A read therefore misses an earlier write with probability 1/2, forever, and reads go back and
 * forth. The docs describe the merge; the harness follows the code, since that is what decides a
 * verdict. cas ignores create_if_not_exists.
 */
final class LwwKv extends Service {

    private static final int REPLICAS = 2;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SplittableRandom random;
    private final List<Replica> replicas = new ArrayList<>();

    LwwKv(Network network, SplittableRandom random) {
        super("lww-kv", network);
        this.random = random;
        for (int i = 0; i < REPLICAS; i++) {
            replicas.add(new Replica());
        }
    }

    private record Stamped(long ts, JsonNode value) {
    }

    private static final class Replica {
        long clock;
        final TreeMap<String, Stamped> entries = new TreeMap<>();
    }

    @Override
    ObjectNode handle(String src, ObjectNode body) {
        // Maelstrom draws a merge source and destination first; the merge has no effect, the draws
        // are kept so the op's replica comes from the same place in the random sequence.
        random.nextInt(REPLICAS);
        random.nextInt(REPLICAS);
        Replica r = replicas.get(random.nextInt(REPLICAS));
        String k = KvState.key(body.path("key"));
        Stamped current = r.entries.get(k);
        switch (body.path("type").asText("")) {
            case "read":
                if (current == null) {
                    return KvState.error(20, "key does not exist");
                }
                ObjectNode ok = JSON.objectNode().put("type", "read_ok");
                ok.set("value", current.value);
                return ok;
            case "write":
                r.entries.put(k, new Stamped(r.clock++, KvState.canonical(body.get("value"))));
                return JSON.objectNode().put("type", "write_ok");
            case "cas":
                if (current == null) {
                    return KvState.error(20, "key does not exist");
                }
                if (!KvState.canonical(body.get("from")).equals(current.value)) {
                    return KvState.error(22, "current value " + current.value + " is not " + body.get("from"));
                }
                r.entries.put(k, new Stamped(r.clock++, KvState.canonical(body.get("to"))));
                return JSON.objectNode().put("type", "cas_ok");
            default:
                return null;
        }
    }
}
