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
 * lww-kv (service.clj Eventual over LWWKV): two replicas, each with a Lamport clock and values
 * stamped by it. Each request first merges one random replica into another (possibly itself):
 * the later stamp wins, the source on a tie; then the op runs on a random replica. Reads can
 * therefore go backwards. cas ignores create_if_not_exists.
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

        void mergeFrom(Replica source) {
            clock = Math.max(clock, source.clock);
            source.entries.forEach((k, theirs) -> {
                Stamped mine = entries.get(k);
                if (mine == null || theirs.ts >= mine.ts) {
                    entries.put(k, theirs);
                }
            });
        }
    }

    @Override
    ObjectNode handle(String src, ObjectNode body) {
        Replica source = replicas.get(random.nextInt(REPLICAS));
        Replica dest = replicas.get(random.nextInt(REPLICAS));
        if (source != dest) {
            dest.mergeFrom(source);
        }
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
