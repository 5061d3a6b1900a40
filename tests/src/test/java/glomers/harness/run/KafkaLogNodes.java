package glomers.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.NodeLogic;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-only single-node kafka logs (run with one node, as Maelstrom's 5a): a correct one and
 * one per planted fault, each fault every {@code every}th send.
 */
final class KafkaLogNodes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private KafkaLogNodes() {
    }

    /** What a send does to a key's log; returns the offset it acknowledges. */
    @FunctionalInterface
    private interface Append {
        long append(TreeMap<Long, JsonNode> log, long[] next, JsonNode msg, long sendNumber);
    }

    /** A correct log: each send gets the next offset and is stored there. */
    static NodeLogic correct() {
        return log((log, next, msg, n) -> store(log, next, msg));
    }

    /** Planted: every {@code every}th send is acknowledged with an offset and never stored. */
    static NodeLogic dropsAcknowledgedSends(int every) {
        return log((log, next, msg, n) -> n % every == 0 ? next[0]++ : store(log, next, msg));
    }

    /** Planted: every {@code every}th send to a non-empty key overwrites the previous message's offset. */
    static NodeLogic reusesOffsets(int every) {
        return log((log, next, msg, n) -> {
            if (n % every == 0 && !log.isEmpty()) {
                long o = log.lastKey();
                log.put(o, msg);
                return o;
            }
            return store(log, next, msg);
        });
    }

    private static long store(TreeMap<Long, JsonNode> log, long[] next, JsonNode msg) {
        long o = next[0]++;
        log.put(o, msg);
        return o;
    }

    private static NodeLogic log(Append append) {
        return (env, handlers) -> {
            Map<String, TreeMap<Long, JsonNode>> logs = new HashMap<>();
            Map<String, long[]> next = new HashMap<>();
            Map<String, Long> committed = new HashMap<>();
            long[] sends = {0};
            handlers.on("send", r -> {
                String k = r.body().get("key").asText();
                long o = append.append(logs.computeIfAbsent(k, x -> new TreeMap<>()),
                        next.computeIfAbsent(k, x -> new long[1]), r.body().get("msg"), ++sends[0]);
                r.reply(JSON.objectNode().put("type", "send_ok").put("offset", o));
            });
            handlers.on("poll", r -> {
                ObjectNode reply = JSON.objectNode().put("type", "poll_ok");
                ObjectNode msgs = reply.putObject("msgs");
                r.body().get("offsets").fields().forEachRemaining(e -> {
                    TreeMap<Long, JsonNode> log = logs.get(e.getKey());
                    if (log == null) {
                        return;
                    }
                    var pairs = msgs.putArray(e.getKey());
                    log.tailMap(e.getValue().asLong(), true).entrySet().stream().limit(10)
                            .forEach(m -> pairs.addArray().add(m.getKey()).add(m.getValue()));
                });
                r.reply(reply);
            });
            handlers.on("commit_offsets", r -> {
                r.body().get("offsets").fields().forEachRemaining(e ->
                        committed.merge(e.getKey(), e.getValue().asLong(), Math::max));
                r.reply(JSON.objectNode().put("type", "commit_offsets_ok"));
            });
            handlers.on("list_committed_offsets", r -> {
                ObjectNode reply = JSON.objectNode().put("type", "list_committed_offsets_ok");
                ObjectNode offsets = reply.putObject("offsets");
                r.body().get("keys").forEach(k -> {
                    Long c = committed.get(k.asText());
                    if (c != null) {
                        offsets.put(k.asText(), c);
                    }
                });
                r.reply(reply);
            });
        };
    }
}
