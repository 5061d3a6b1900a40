package glomers.counter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import glomers.core.Bodies;
import glomers.gossip.Lattice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A PN-counter as a state-based CRDT: per entry an increment total and a decrement total, merged
 * by taking the larger of each. A g-counter is the same state with no decrements.
 *
 * <p>An entry belongs to one start of one node ({@link Entry}: node id and boot epoch) and only
 * that start ever raises it, so its two totals only grow and are their own version: a peer holds
 * an entry at least as new as ours exactly when both its totals are at least ours. A node that
 * restarts empty counts under a fresh entry, so peers' copies of its old entry (larger than
 * anything it would count again from zero) can never hide its new adds.
 */
public final class CounterState implements Lattice<CounterState> {

    /** One start of one node. */
    public record Entry(String node, long epoch) {
        public Entry {
            Objects.requireNonNull(node);
        }
    }

    /** An entry's two totals; never shared between states, since merges change them in place. */
    private static final class Totals {
        long increments;
        long decrements;

        Totals(long increments, long decrements) {
            this.increments = increments;
            this.decrements = decrements;
        }

        boolean coveredBy(Totals other) {
            return other != null && other.increments >= increments && other.decrements >= decrements;
        }
    }

    private final Map<Entry, Totals> entries = new LinkedHashMap<>();

    /** Adds {@code delta} (negative: a decrement) to {@code entry}, which only this node raises. */
    public void add(Entry entry, long delta) {
        Totals totals = entries.computeIfAbsent(entry, e -> new Totals(0, 0));
        if (delta >= 0) {
            totals.increments = Math.addExact(totals.increments, delta);
        } else {
            totals.decrements = Math.subtractExact(totals.decrements, delta);
        }
    }

    /** Sets an entry's totals, joined with what is there. */
    public void put(Entry entry, long increments, long decrements) {
        if (increments < 0 || decrements < 0) {
            throw new IllegalArgumentException("negative totals for " + entry + ": " + increments + ", " + decrements);
        }
        Totals totals = entries.get(entry);
        if (totals == null) {
            entries.put(entry, new Totals(increments, decrements));
        } else {
            totals.increments = Math.max(totals.increments, increments);
            totals.decrements = Math.max(totals.decrements, decrements);
        }
    }

    /** The increment total of {@code entry}; 0 when this state does not hold it. */
    public long increments(Entry entry) {
        Totals totals = entries.get(entry);
        return totals == null ? 0 : totals.increments;
    }

    /** The decrement total of {@code entry}; 0 when this state does not hold it. */
    public long decrements(Entry entry) {
        Totals totals = entries.get(entry);
        return totals == null ? 0 : totals.decrements;
    }

    /** The counter's value: every increment minus every decrement. */
    public long value() {
        long sum = 0;
        for (Totals totals : entries.values()) {
            sum = Math.addExact(sum, totals.increments - totals.decrements);
        }
        return sum;
    }

    public int size() {
        return entries.size();
    }

    @Override
    public CounterState minus(CounterState other) {
        CounterState delta = new CounterState();
        entries.forEach((entry, totals) -> {
            if (!totals.coveredBy(other.entries.get(entry))) {
                delta.entries.put(entry, new Totals(totals.increments, totals.decrements));
            }
        });
        return delta;
    }

    @Override
    public void merge(CounterState other) {
        other.entries.forEach((entry, totals) -> put(entry, totals.increments, totals.decrements));
    }

    @Override
    public void forget(CounterState covered) {
        entries.entrySet().removeIf(e -> e.getValue().coveredBy(covered.entries.get(e.getKey())));
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public CounterState empty() {
        return new CounterState();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CounterState other) || other.entries.size() != entries.size()) {
            return false;
        }
        for (Map.Entry<Entry, Totals> e : entries.entrySet()) {
            Totals theirs = other.entries.get(e.getKey());
            if (theirs == null || theirs.increments != e.getValue().increments
                    || theirs.decrements != e.getValue().decrements) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<Entry, Totals> e : entries.entrySet()) {
            hash += e.getKey().hashCode() ^ Long.hashCode(e.getValue().increments * 31 + e.getValue().decrements);
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        entries.forEach((entry, t) -> b.append(entry.node()).append('/').append(entry.epoch()).append('=')
                .append(t.increments).append('-').append(t.decrements).append(' '));
        return b.append('}').toString();
    }

    /** {@code [[node, epoch, increments, decrements], ...]}. */
    JsonNode toJson() {
        ArrayNode array = Bodies.nodes().arrayNode();
        entries.forEach((entry, totals) -> array.addArray().add(entry.node()).add(entry.epoch())
                .add(totals.increments).add(totals.decrements));
        return array;
    }

    /** A node named by an entry and not in {@code nodes}, or null. */
    String nodeOutside(java.util.Set<String> nodes) {
        for (Entry entry : entries.keySet()) {
            if (!nodes.contains(entry.node())) {
                return entry.node();
            }
        }
        return null;
    }

    /** Reads what {@link #toJson} wrote; a malformed entry is an error, never a silent zero. */
    static CounterState fromJson(JsonNode json) {
        CounterState state = new CounterState();
        if (json == null || !json.isArray()) {
            throw new IllegalArgumentException("counter state must be an array, got " + json);
        }
        for (JsonNode e : json) {
            if (!e.isArray() || e.size() != 4 || !e.get(0).isTextual() || !e.get(1).canConvertToLong()
                    || !e.get(2).canConvertToLong() || !e.get(3).canConvertToLong()) {
                throw new IllegalArgumentException("malformed counter entry " + e);
            }
            state.put(new Entry(e.get(0).textValue(), e.get(1).longValue()), e.get(2).longValue(), e.get(3).longValue());
        }
        return state;
    }
}
