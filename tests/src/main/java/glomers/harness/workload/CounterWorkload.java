package glomers.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import glomers.harness.check.Checker;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * workload/pn_counter.clj and g_counter.clj, which differ only in their generator: a fresh 50/50
 * pick per op between {@code add} of a delta uniform in -5..4 ({@code (- (rand-int 10) 5)}) and
 * {@code read}; g-counter wraps that mix in {@code gen/filter}, which drops negative adds and asks
 * the mix again, so its reads are 2/3 of the ops and its deltas uniform in 0..4. After the heal
 * and the 10 s wait, one {@code :final?} read per thread. The client has no with-errors (any
 * error, timeout or malformed reply is :info, reads included), is not reusable, and nothing is
 * idempotent. Checked by Maelstrom's counter checker.
 */
final class CounterWorkload extends AddsAndReads {

    // s/Int in the schema, then pn_counter.clj coerces with long, which throws beyond a long:
    // either way the read is :info, so such a value is refused with the schema.
    private static final Predicate<JsonNode> READ_VALUE = ReplySchema.INTEGER.and(JsonNode::canConvertToLong);

    private final boolean negativeDeltas;

    private CounterWorkload(String name, boolean negativeDeltas, Supplier<List<Checker>> checkers) {
        super(name, false, Set.of(), checkers, "add", "delta", "value", READ_VALUE);
        this.negativeDeltas = negativeDeltas;
    }

    static CounterWorkload grow(Supplier<List<Checker>> checkers) {
        return new CounterWorkload("g-counter", false, checkers);
    }

    static CounterWorkload positiveNegative(Supplier<List<Checker>> checkers) {
        return new CounterWorkload("pn-counter", true, checkers);
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        OpSpec read = OpSpec.of("read", NullNode.getInstance());
        return thread -> {
            while (true) {
                if (random.nextBoolean()) {
                    return read;
                }
                long delta = random.nextInt(10) - 5;
                if (negativeDeltas || delta >= 0) {
                    return OpSpec.of("add", JsonNodeFactory.instance.numberNode(delta));
                }
            }
        };
    }

    @Override
    public boolean hasFinalPhase() {
        return true;
    }

    @Override
    public Optional<OpSpec> finalOp(int thread) {
        return Optional.of(new OpSpec("read", NullNode.getInstance(), true));
    }
}
