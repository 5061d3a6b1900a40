package glomers.harness.workload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import glomers.harness.client.Outcome;
import glomers.harness.gen.ClientGenerator;
import glomers.harness.gen.OpSpec;
import glomers.harness.history.Op;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * jepsen.tests.linearizable-register's generator under jepsen.independent's concurrent
 * generator, as Maelstrom's lin_kv.clj builds it:
 * <ul>
 * <li>threads form groups of 2n (n nodes), sorted by id; each group works on one key at a
 *     time; keys are 0, 1, 2, ... in order, the next unused one to whichever group needs it;</li>
 * <li>per key {@code (process-limit 20 (reserve n r (mix [w cas cas])))}: reserve counts
 *     absolute thread ids, so threads 0..n-1 read and every other thread writes (1/3) or cas-es
 *     (2/3), and keys of groups after the first are never read;</li>
 * <li>process-limit retires a key when the processes its group's threads have had since the
 *     key began (busy or idle) would exceed 20; a thread's process moves on by the concurrency
 *     after each :info, as the interpreter numbers them;</li>
 * <li>values {@code rand-int 5}; a cas is {@code [from to]}, drawn independently.</li>
 * </ul>
 * Op values are {@code [key value]} tuples: read {@code [k nil]}, write {@code [k v]}, cas
 * {@code [k [from to]]}.
 */
final class LinKvGenerator implements ClientGenerator {

    static final int PROCESS_LIMIT = 20;
    private static final int VALUES = 5;

    private final SplittableRandom random;
    private final int nodes;
    private final int groupSize;
    private final long concurrency;
    private final long[] process;
    private final long[] groupKey;
    private final Set<Long>[] groupProcesses;
    private long nextKey;

    @SuppressWarnings("unchecked")
    LinKvGenerator(SplittableRandom random, int nodes, int concurrency) {
        if (nodes < 1 || concurrency < 1 || concurrency % (2 * nodes) != 0) {
            throw new IllegalArgumentException("lin-kv needs --concurrency a positive multiple of 2n (2 x "
                    + nodes + " nodes = " + 2 * nodes + "), got " + concurrency
                    + ": Maelstrom's independent generator aborts the run");
        }
        this.random = random;
        this.nodes = nodes;
        this.groupSize = 2 * nodes;
        this.concurrency = concurrency;
        this.process = new long[concurrency];
        for (int t = 0; t < concurrency; t++) {
            process[t] = t;
        }
        int groups = concurrency / groupSize;
        groupKey = new long[groups];
        groupProcesses = new Set[groups];
        for (int g = 0; g < groups; g++) {
            startKey(g);
        }
    }

    private void startKey(int group) {
        groupKey[group] = nextKey++;
        groupProcesses[group] = new HashSet<>();
    }

    @Override
    public OpSpec next(int thread) {
        int group = thread / groupSize;
        // process-limit: every process the group's threads hold now joins the key's set.
        Set<Long> seen = new HashSet<>(groupProcesses[group]);
        for (int t = group * groupSize; t < (group + 1) * groupSize; t++) {
            seen.add(process[t]);
        }
        if (seen.size() > PROCESS_LIMIT) {
            startKey(group);
            seen.clear();
            for (int t = group * groupSize; t < (group + 1) * groupSize; t++) {
                seen.add(process[t]);
            }
        }
        groupProcesses[group] = seen;
        return op(thread, groupKey[group]);
    }

    private OpSpec op(int thread, long key) {
        ArrayNode value = JsonNodeFactory.instance.arrayNode().add(key);
        if (thread < nodes) {
            value.addNull();
            return OpSpec.of("read", value);
        }
        if (random.nextInt(3) == 0) {
            value.add(random.nextInt(VALUES));
            return OpSpec.of("write", value);
        }
        value.addArray().add(random.nextInt(VALUES)).add(random.nextInt(VALUES));
        return OpSpec.of("cas", value);
    }

    @Override
    public void onComplete(int thread, OpSpec op, Outcome outcome) {
        if (outcome.type() == Op.Type.INFO) {
            process[thread] += concurrency;
        }
    }
}
