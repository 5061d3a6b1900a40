package glomers.harness.workload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import glomers.harness.client.Outcome;
import glomers.harness.gen.FinalGenerator;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * jepsen.tests.kafka's final-polls on each thread, as Maelstrom runs it (debug ops dropped, the
 * phase cut 10 s after its first op): a crash, an assign of every key an ok op showed, seeking to
 * offset 0, then polls U[0, 0.4) s apart, until this thread's own ok polls have reached, for
 * every key, the highest offset the main phase showed. The targets are fixed when the phase
 * starts, as Jepsen's delay derefs them then.
 */
final class KafkaFinalPolls implements FinalGenerator {

    private static final long TIME_LIMIT_NANOS = 10_000_000_000L;
    /** (gen/stagger 1/5): a gap uniform in [0, 2/5) s. */
    private static final long POLL_GAP_NANOS = 400_000_000L;

    private final SplittableRandom random;
    private final TreeMap<Long, Long> targets;
    private final Map<Integer, TreeMap<Long, Long>> remaining = new HashMap<>();
    private final Map<Integer, Integer> step = new HashMap<>();

    KafkaFinalPolls(SplittableRandom random, Map<Long, Long> maxOffsets) {
        this.random = random;
        this.targets = new TreeMap<>(maxOffsets);
    }

    @Override
    public Optional<Step> next(int thread) {
        TreeMap<Long, Long> left = remaining.computeIfAbsent(thread, t -> new TreeMap<>(targets));
        if (left.isEmpty()) {
            return Optional.empty();
        }
        int i = step.merge(thread, 1, Integer::sum) - 1;
        if (i == 0) {
            return Optional.of(new Step(OpSpec.of("crash", NullNode.getInstance()), 0));
        }
        if (i == 1) {
            ArrayNode keys = JsonNodeFactory.instance.arrayNode();
            targets.keySet().forEach(k -> keys.add(Long.toString(k)));
            return Optional.of(new Step(OpSpec.of("assign", keys), 0));
        }
        ArrayNode poll = JsonNodeFactory.instance.arrayNode();
        poll.addArray().add("poll");
        return Optional.of(new Step(OpSpec.of("poll", poll), i == 2 ? 0 : random.nextLong(POLL_GAP_NANOS)));
    }

    @Override
    public void onComplete(int thread, OpSpec op, Outcome outcome) {
        if (outcome.type() != Op.Type.OK || !op.f().equals("poll")) {
            return;
        }
        TreeMap<Long, Long> left = remaining.get(thread);
        KafkaGenerator.maxPollOffsets(outcome.value()).forEach((k, seen) -> {
            Long key = Long.parseLong(k);
            Long target = left.get(key);
            if (target != null && target <= seen) {
                left.remove(key);
            }
        });
    }

    @Override
    public long timeLimitNanos() {
        return TIME_LIMIT_NANOS;
    }
}
