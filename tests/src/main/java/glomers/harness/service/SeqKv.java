package glomers.harness.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.net.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * seq-kv as Maelstrom v0.2.4 runs it (service.clj Sequential): the last 32 states and, per
 * caller, the index it last saw. Each op is first tried on the state at a random index from the
 * caller's up to and including the newest. If that leaves the state unchanged (reads, failed cas,
 * rewriting the same value) its reply stands and the caller's index moves there; otherwise it
 * runs again on the newest state, whose result is appended and becomes the caller's index.
 *
 * <p>The state at an index is found as Maelstrom finds it: a negative offset from the newest into
 * its ring buffer, which wraps modulo the states kept (amalloy ring-buffer's nth) instead of
 * stopping at the oldest. So a caller more than 31 states behind reads some kept state, older or
 * newer than its last read: reads are monotonic per caller only while it stays within the buffer.
 */
final class SeqKv extends Service {

    private static final int KEPT = 32;

    private final SplittableRandom random;
    private final List<KvState> buffer = new ArrayList<>(List.of(KvState.EMPTY));
    private final Map<String, Long> seen = new HashMap<>();
    private long lastIndex;

    SeqKv(Network network, SplittableRandom random) {
        super("seq-kv", network);
        this.random = random;
    }

    /** Offset -1 is the newest state, -2 the one before, and so on, wrapping past the oldest. */
    KvState at(long index) {
        return buffer.get((int) Math.floorMod(index - lastIndex - 1, (long) buffer.size()));
    }

    @Override
    ObjectNode handle(String src, ObjectNode body) {
        long from = seen.getOrDefault(src, 0L);
        long index = from + random.nextLong(lastIndex - from + 1);
        KvState state = at(index);
        KvState.Step tried = state.handle(body, true);
        if (tried.next().equals(state)) {
            seen.put(src, index);
            return tried.reply();
        }
        KvState.Step step = at(lastIndex).handle(body, true);
        buffer.add(step.next());
        if (buffer.size() > KEPT) {
            buffer.remove(0);
        }
        lastIndex++;
        seen.put(src, lastIndex);
        return step.reply();
    }
}
