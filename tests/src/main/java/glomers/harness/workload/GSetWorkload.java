package glomers.harness.workload;

import com.fasterxml.jackson.databind.node.NullNode;
import glomers.harness.check.Checker;
import glomers.harness.client.ReplySchema;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * workload/g_set.clj: broadcast's shape without the topology. A fresh 50/50 pick per op between
 * {@code add} of 0, 1, 2, ... (in emission order) and {@code read}; after the heal and the 10 s
 * wait, one read per thread, which g_set.clj does not mark {@code :final?}. The client has no
 * with-errors (every error or timeout is :info, reads included) and is not reusable. Checked by
 * Jepsen's set-full.
 */
final class GSetWorkload extends AddsAndReads {

    GSetWorkload(Supplier<List<Checker>> checkers) {
        super("g-set", false, Set.of(), checkers, "add", "element", "value", ReplySchema.ARRAY);
    }

    @Override
    public ClientGenerator generator(SplittableRandom random, int concurrency) {
        return BroadcastWorkload.addsAndReads("add", random);
    }

    @Override
    public boolean hasFinalPhase() {
        return true;
    }

    @Override
    public Optional<OpSpec> finalOp(int thread) {
        return Optional.of(OpSpec.of("read", NullNode.getInstance()));
    }
}
