package glomers.harness.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the harness's kafka client saw that Maelstrom's history does not keep: each
 * list_committed_offsets (the node, the keys asked, the offsets returned) and each acknowledged
 * commit_offsets, on one logical clock of invocations and completions; and which node answered
 * each poll of the final phase, with what.
 *
 * <p>A committed offset goes backwards when a list on a node, invoked after an earlier list or an
 * acknowledged commit on that same node completed, returns less for a key (or nothing at all)
 * than that earlier one established. Per node, because a Maelstrom client only ever talks to its
 * own node, and a node's followers may lag the leader by a message.
 */
public final class KafkaClientJournal {

    private long clock;
    private final List<Event> events = new ArrayList<>();
    /** Per node that answered an ok final poll, the "key offset msg" triples it returned. */
    private final Map<String, java.util.Set<String>> finalPolls = new java.util.TreeMap<>();

    private record Event(String node, long completedAt, long invokedAt, List<String> keys, Map<String, Long> offsets,
                         boolean list) {
    }

    /** Stamps an invocation; pass the stamp to {@link #listed}. */
    public long invoked() {
        return clock++;
    }

    public void listed(String node, long invokedAt, List<String> keys, Map<String, Long> offsets) {
        events.add(new Event(node, clock++, invokedAt, List.copyOf(keys), new LinkedHashMap<>(offsets), true));
    }

    public void committed(String node, Map<String, Long> offsets) {
        events.add(new Event(node, clock++, -1, List.copyOf(offsets.keySet()), new LinkedHashMap<>(offsets), false));
    }

    /** An ok poll of the final phase, answered by {@code node}: msgs as the poll_ok carried them. */
    public void finalPolled(String node, com.fasterxml.jackson.databind.JsonNode msgs) {
        java.util.Set<String> held = finalPolls.computeIfAbsent(node, n -> new java.util.HashSet<>());
        msgs.fields().forEachRemaining(e -> e.getValue().forEach(pair ->
                held.add(triple(e.getKey(), pair.path(0).asLong(), pair.path(1).toString()))));
    }

    static String triple(String key, long offset, String msg) {
        return key + " " + offset + " " + msg;
    }

    /** The nodes that answered an ok final poll. */
    public java.util.Set<String> finallyPolledNodes() {
        return finalPolls.keySet();
    }

    /** Whether some node's final polls returned {@code msg} at {@code offset} of {@code key}. */
    public boolean heldAtEnd(String key, long offset, String msg) {
        String t = triple(key, offset, msg);
        return finalPolls.values().stream().anyMatch(held -> held.contains(t));
    }

    public int lists() {
        return (int) events.stream().filter(Event::list).count();
    }

    /** Each case where a list returned less than the node had already established, described. */
    public List<String> backwards() {
        List<String> cases = new ArrayList<>();
        for (Event list : events) {
            if (!list.list) {
                continue;
            }
            for (String key : list.keys) {
                long floor = -1;
                Event cause = null;
                for (Event earlier : events) {
                    Long o = earlier.offsets.get(key);
                    if (earlier.completedAt < list.invokedAt && earlier.node.equals(list.node) && o != null && o > floor) {
                        floor = o;
                        cause = earlier;
                    }
                }
                Long got = list.offsets.get(key);
                if (cause != null && (got == null || got < floor)) {
                    cases.add("node " + list.node + " listed key " + key + " at " + (got == null ? "none" : got)
                            + " after " + (cause.list ? "listing" : "acknowledging a commit of") + " " + floor);
                }
            }
        }
        return cases;
    }
}
