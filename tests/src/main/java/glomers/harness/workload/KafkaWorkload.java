package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.check.Checker;
import glomers.harness.check.KafkaClientJournal;
import glomers.harness.check.KafkaChecker;
import glomers.harness.client.Outcome;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.FinalGenerator;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Maelstrom's kafka workload (workload/kafka.clj on jepsen.tests.kafka): generator
 * {@link KafkaGenerator}, final phase {@link KafkaFinalPolls}, and kafka.clj's client, which is
 * not reusable and keeps, per client, the next offset to poll for each assigned key:
 * <ul>
 * <li>{@code assign}: {@code list_committed_offsets {keys}}; the assignment becomes exactly those
 *     keys, each at its current offset if already assigned, else its committed offset, else 0.
 *     In the final phase it seeks to the beginning instead: every key at 0, no RPC. Idempotent.</li>
 * <li>{@code poll}: {@code poll {offsets}} with the whole assignment; each returned key's next
 *     offset becomes the larger of its own and one past its highest returned offset; then, if any
 *     message came back, {@code commit_offsets} with each key's highest offset. A commit that
 *     fails fails the poll, though the offsets have moved.</li>
 * <li>{@code send}: {@code send {key, msg}}, completed as {@code ["send", k, [offset, msg]]}.</li>
 * <li>{@code crash}: no RPC, always :info, so the client is replaced by a fresh one.</li>
 * </ul>
 */
final class KafkaWorkload extends ClientTraits {

    static final int DEFAULT_KEY_COUNT = 10;

    private static final Predicate<JsonNode> OFFSETS = n -> {
        if (!n.isObject()) {
            return false;
        }
        for (JsonNode v : n) {
            if (!v.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    };

    /** {Key [[Offset Message]]}. */
    private static final Predicate<JsonNode> MSGS = n -> {
        if (!n.isObject()) {
            return false;
        }
        for (JsonNode pairs : n) {
            if (!pairs.isArray()) {
                return false;
            }
            for (JsonNode p : pairs) {
                if (!p.isArray() || p.size() != 2 || !p.get(0).isIntegralNumber()) {
                    return false;
                }
            }
        }
        return true;
    };

    private static final ReplySchema SEND_OK = ReplySchema.of("send_ok", "offset", ReplySchema.INTEGER);
    private static final ReplySchema POLL_OK = ReplySchema.of("poll_ok", "msgs", MSGS);
    private static final ReplySchema COMMIT_OK = ReplySchema.of("commit_offsets_ok");
    private static final ReplySchema LIST_OK = ReplySchema.of("list_committed_offsets_ok", "offsets", OFFSETS);

    private final WorkloadOptions options;
    private final KafkaClientJournal offsetsJournal = new KafkaClientJournal();
    private KafkaGenerator generator;
    /** Set once the final phase starts: its assigns, and only they, seek to the beginning. */
    private boolean finalPhase;

    KafkaWorkload(Supplier<List<Checker>> checkers, WorkloadOptions options) {
        super("kafka", false, true, Set.of("assign"), checkers);
        if (options.maxWritesPerKey() < 1) {
            throw new IllegalArgumentException("--max-writes-per-key must be positive");
        }
        this.options = options;
    }

    /** Maelstrom's checker, and beside its verdict what this run's client saw of committed offsets. */
    @Override
    public List<Checker> checkers() {
        return List.of(new KafkaChecker(offsetsJournal));
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        generator = new KafkaGenerator(random,
                new KeySlots(options.keyCount().orElse(DEFAULT_KEY_COUNT), options.maxWritesPerKey()), concurrency);
        return generator;
    }

    @Override
    public boolean hasFinalPhase() {
        return true;
    }

    @Override
    public FinalGenerator finalGenerator(SplittableRandom random) {
        finalPhase = true;
        return new KafkaFinalPolls(random, generator == null ? Map.of() : generator.maxOffsets);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> offsets(ClientSession session) {
        return (Map<String, Long>) session.state().computeIfAbsent("offsets", k -> new LinkedHashMap<String, Long>());
    }

    private Outcome.Rules rules(String f, ReplySchema schema, java.util.function.Function<ObjectNode, JsonNode> ok) {
        return new Outcome.Rules(withErrors(), idempotent(f), schema, ok);
    }

    @Override
    public void invoke(ClientSession session, OpSpec op, Consumer<Outcome> done) {
        switch (op.f()) {
            case "crash" -> done.accept(new Outcome(Op.Type.INFO, op.value(), null));
            case "assign" -> assign(session, op, done);
            case "poll" -> poll(session, op, done);
            case "send" -> send(session, op, done);
            default -> throw new IllegalArgumentException("kafka has no op " + op.f());
        }
    }

    private void assign(ClientSession session, OpSpec op, Consumer<Outcome> done) {
        Map<String, Long> offsets = offsets(session);
        if (finalPhase) {
            offsets.clear();
            op.value().forEach(k -> offsets.put(k.asText(), 0L));
            done.accept(new Outcome(Op.Type.OK, op.value(), null));
            return;
        }
        ObjectNode body = body("list_committed_offsets");
        body.set("keys", op.value());
        long invokedAt = offsetsJournal.invoked();
        session.call(body, timeoutNanos("assign"), reply -> {
            Outcome o = Outcome.of(rules("assign", LIST_OK, r -> op.value()), op.value(), reply);
            if (o.type() == Op.Type.OK) {
                List<String> keys = new ArrayList<>();
                op.value().forEach(k -> keys.add(k.asText()));
                Map<String, Long> listed = new LinkedHashMap<>();
                reply.path("offsets").fields().forEachRemaining(e -> listed.put(e.getKey(), e.getValue().asLong()));
                offsetsJournal.listed(session.node(), invokedAt, keys, listed);
                Map<String, Long> next = new LinkedHashMap<>();
                for (JsonNode k : op.value()) {
                    String key = k.asText();
                    Long current = offsets.get(key);
                    JsonNode committed = reply.path("offsets").get(key);
                    next.put(key, current != null ? current : committed != null ? committed.asLong() : 0L);
                }
                offsets.clear();
                offsets.putAll(next);
            }
            done.accept(o);
        });
    }

    private void poll(ClientSession session, OpSpec op, Consumer<Outcome> done) {
        Map<String, Long> offsets = offsets(session);
        ObjectNode body = body("poll");
        ObjectNode requested = body.putObject("offsets");
        offsets.forEach(requested::put);
        session.call(body, timeoutNanos("poll"), reply -> {
            Outcome o = Outcome.of(rules("poll", POLL_OK, r -> r.get("msgs")), op.value(), reply);
            if (o.type() != Op.Type.OK) {
                done.accept(o);
                return;
            }
            JsonNode msgs = o.value();
            if (finalPhase) {
                offsetsJournal.finalPolled(session.node(), msgs);
            }
            ObjectNode commit = JsonNodeFactory.instance.objectNode();
            msgs.fields().forEachRemaining(e -> {
                long max = -1;
                for (JsonNode pair : e.getValue()) {
                    max = Math.max(max, pair.get(0).asLong());
                }
                offsets.merge(e.getKey(), max + 1, Math::max);
                if (!e.getValue().isEmpty()) {
                    commit.put(e.getKey(), Math.max(0, max));
                }
            });
            ArrayNode value = JsonNodeFactory.instance.arrayNode();
            value.addArray().add("poll").add(msgs);
            if (commit.isEmpty()) {
                done.accept(new Outcome(Op.Type.OK, value, null));
                return;
            }
            ObjectNode commitBody = body("commit_offsets");
            commitBody.set("offsets", commit);
            session.call(commitBody, timeoutNanos("poll"), commitReply -> {
                Outcome c = Outcome.of(rules("poll", COMMIT_OK, r -> value), op.value(), commitReply);
                if (c.type() == Op.Type.OK) {
                    Map<String, Long> committed = new LinkedHashMap<>();
                    commit.fields().forEachRemaining(e -> committed.put(e.getKey(), e.getValue().asLong()));
                    offsetsJournal.committed(session.node(), committed);
                }
                done.accept(c);
            });
        });
    }

    private void send(ClientSession session, OpSpec op, Consumer<Outcome> done) {
        JsonNode mop = op.value().get(0);
        ObjectNode body = body("send");
        body.put("key", mop.get(1).asText());
        body.set("msg", mop.get(2));
        session.call(body, timeoutNanos("send"), reply -> done.accept(Outcome.of(rules("send", SEND_OK, r -> {
            ArrayNode value = JsonNodeFactory.instance.arrayNode();
            value.addArray().add("send").add(mop.get(1).asText()).addArray().add(r.get("offset")).add(mop.get(2));
            return value;
        }), op.value(), reply)));
    }

    private static ObjectNode body(String type) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", type);
        return body;
    }

    // The single-RPC hooks are unused: invoke is overridden for every op.
    @Override
    public ObjectNode requestBody(OpSpec op) {
        throw new UnsupportedOperationException("kafka ops are run by invoke");
    }

    @Override
    public ReplySchema replySchema(String f) {
        throw new UnsupportedOperationException("kafka ops are run by invoke");
    }

    @Override
    public JsonNode okValue(OpSpec op, ObjectNode reply) {
        throw new UnsupportedOperationException("kafka ops are run by invoke");
    }
}
