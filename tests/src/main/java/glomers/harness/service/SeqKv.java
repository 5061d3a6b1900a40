package glomers.harness.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.harness.net.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * seq-kv (service.clj Sequential): the last 32 states and, per caller, the index it last saw.
 * Each op is first tried on a random state from the caller's index up to, but not including,
 * the newest (the newest only when the caller is already there). If that leaves the state
 * unchanged (reads, failed cas, rewriting the same value) its reply stands and the caller's
 * index moves there: stale but monotonic. Otherwise it runs again on the newest state, whose
 * result is appended and becomes the caller's index.
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

    private KvState at(long index) {
        return buffer.get((int) (buffer.size() - 1 - (lastIndex - index)));
    }

    @Override
    ObjectNode handle(String src, ObjectNode body) {
        long oldest = lastIndex - buffer.size() + 1;
        long from = Math.max(oldest, seen.getOrDefault(src, 0L));
        long span = lastIndex - from;
        long index = from + (span == 0 ? 0 : random.nextLong(span));
        KvState.Step tried = at(index).handle(body, true);
        if (tried.next().equals(at(index))) {
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
