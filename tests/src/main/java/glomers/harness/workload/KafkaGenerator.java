package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import glomers.harness.client.Outcome;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * jepsen.tests.kafka's main generator as Maelstrom's kafka.clj builds it, inside the global
 * stagger: {@code (gen/any crash-client-gen (poll-unseen (interleave-subscribes (track-key-offsets
 * (tag-rw (txn-generator list-append-gen))))))} with string keys.
 * <ul>
 * <li>list-append txns of one micro-op: half polls, half sends of the key's next value, keys
 *     from {@link KeySlots};</li>
 * <li>before each, with probability 1/64, an assign of that op's key instead, the op itself
 *     kept for the next emission;</li>
 * <li>an assign, with probability 1/3, also takes every key whose ok sends are past its ok
 *     polls (sent keys first);</li>
 * <li>a crash op whenever its own stagger, U[0, 60/concurrency) s apart, has come due.</li>
 * </ul>
 * It also keeps the highest offset any ok op showed per key, for the final polls.
 */
final class KafkaGenerator implements ClientGenerator {

    private static final double SUB_P = 1.0 / 64;
    private static final double UNSEEN_P = 1.0 / 3;

    private final SplittableRandom random;
    private final KeySlots keys;
    private final long crashGapNanos;
    private long nextCrashNanos = Long.MIN_VALUE;
    private OpSpec deferred;
    private long deferredKey;
    private final Map<String, Long> sent = new LinkedHashMap<>();
    private final Map<String, Long> polled = new LinkedHashMap<>();
    /** track-key-offsets: per key (numerically ordered), the highest offset an ok op showed. */
    final TreeMap<Long, Long> maxOffsets = new TreeMap<>();

    KafkaGenerator(SplittableRandom random, KeySlots keys, int concurrency) {
        this.random = random;
        this.keys = keys;
        // crash-client-gen: (gen/stagger (/ 30 concurrency)), a gap uniform in [0, 2 * 30 / c) s.
        this.crashGapNanos = Math.max(1, (long) (60e9 / concurrency));
    }

    @Override
    public OpSpec next(int thread) {
        return next(thread, Long.MAX_VALUE);
    }

    @Override
    public OpSpec next(int thread, long nowNanos) {
        if (nextCrashNanos == Long.MIN_VALUE || nowNanos >= nextCrashNanos) {
            nextCrashNanos = (nextCrashNanos == Long.MIN_VALUE ? nowNanos : nextCrashNanos)
                    + random.nextLong(crashGapNanos);
            return OpSpec.of("crash", NullNode.getInstance());
        }
        if (deferred == null) {
            draw();
        }
        if (random.nextDouble() < SUB_P) {
            return assign();
        }
        OpSpec op = deferred;
        deferred = null;
        return op;
    }

    /** One list-append micro-op, as a poll or a send; a used-up key's slot is refilled and drawn again. */
    private void draw() {
        while (true) {
            boolean write = random.nextBoolean();
            long k = keys.pick(random);
            ArrayNode mop = JsonNodeFactory.instance.arrayNode();
            if (!write) {
                mop.add("poll");
                deferred = OpSpec.of("poll", JsonNodeFactory.instance.arrayNode().add(mop));
                deferredKey = k;
                return;
            }
            long v = keys.takeWrite(k);
            if (v >= 0) {
                mop.add("send").add(Long.toString(k)).add(v);
                deferred = OpSpec.of("send", JsonNodeFactory.instance.arrayNode().add(mop));
                deferredKey = k;
                return;
            }
        }
    }

    private OpSpec assign() {
        Set<String> value = new LinkedHashSet<>();
        if (random.nextDouble() < UNSEEN_P && !sent.isEmpty()) {
            value.addAll(sent.keySet());
        }
        value.add(Long.toString(deferredKey));
        ArrayNode keysNode = JsonNodeFactory.instance.arrayNode();
        value.forEach(keysNode::add);
        return OpSpec.of("assign", keysNode);
    }

    @Override
    public void onComplete(int thread, OpSpec op, Outcome outcome) {
        if (outcome.type() != Op.Type.OK) {
            return;
        }
        Map<String, Long> sends = maxSendOffsets(outcome.value());
        Map<String, Long> polls = maxPollOffsets(outcome.value());
        sends.forEach((k, o) -> sent.merge(k, o, Math::max));
        polls.forEach((k, o) -> polled.merge(k, o, Math::max));
        // poll-unseen trims the keys whose polls have caught up with their sends.
        Set<String> all = new LinkedHashSet<>(sent.keySet());
        all.addAll(polled.keySet());
        for (String k : all) {
            if (polled.getOrDefault(k, -1L) >= sent.getOrDefault(k, -1L)) {
                sent.remove(k);
                polled.remove(k);
            }
        }
        sends.forEach((k, o) -> maxOffsets.merge(Long.parseLong(k), o, Math::max));
        polls.forEach((k, o) -> maxOffsets.merge(Long.parseLong(k), o, Math::max));
    }

    /** op->max-send-offsets: per key, the highest acknowledged offset, at least 0. */
    static Map<String, Long> maxSendOffsets(JsonNode value) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (JsonNode mop : iterable(value)) {
            JsonNode v = mop.path(2);
            if (mop.path(0).asText().equals("send") && v.isArray() && v.path(0).isIntegralNumber()) {
                m.put(mop.path(1).asText(), Math.max(m.getOrDefault(mop.path(1).asText(), 0L), v.path(0).asLong()));
            }
        }
        return m;
    }

    /** op->max-poll-offsets: per key polled, the highest offset returned, -1 for none. */
    static Map<String, Long> maxPollOffsets(JsonNode value) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (JsonNode mop : iterable(value)) {
            if (mop.path(0).asText().equals("poll") && mop.path(1).isObject()) {
                mop.get(1).fields().forEachRemaining(e -> {
                    long max = -1;
                    for (JsonNode pair : e.getValue()) {
                        if (pair.path(0).isIntegralNumber()) {
                            max = Math.max(max, pair.path(0).asLong());
                        }
                    }
                    m.merge(e.getKey(), max, Math::max);
                });
            }
        }
        return m;
    }

    private static Iterable<JsonNode> iterable(JsonNode value) {
        return value != null && value.isArray() ? value : JsonNodeFactory.instance.arrayNode();
    }
}
