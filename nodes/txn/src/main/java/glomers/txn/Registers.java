package glomers.txn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import glomers.core.Bodies;
import glomers.gossip.Lattice;
import java.util.HashMap;
import java.util.Map;

/**
 * Last-writer-wins registers, one per key, each holding the value its newest version wrote: the
 * replicated state of the txn store. A merge keeps, per key, the register with the newer version,
 * so replicas converge whatever order deltas arrive in. Every register a replica holds was written
 * by a committed transaction's final write to that key, so no reader can see an aborted or an
 * intermediate write.
 *
 * <p>Keys are told apart by their JSON text ({@code 1} and {@code "1"} are different keys, and an
 * integer is the same key whichever Jackson node type carries it); each register keeps the key as
 * the writer's request gave it.
 */
final class Registers implements Lattice<Registers> {

    /** One register: the key as written, its value, and the version that wrote it. */
    record Register(JsonNode key, JsonNode value, Version version) {
    }

    private final Map<String, Register> byKey = new HashMap<>();

    /** The register of {@code key}, or null when no transaction wrote it yet. */
    Register get(JsonNode key) {
        return byKey.get(key.toString());
    }

    /** Stores a write unless a newer one is there already. */
    void put(Register register) {
        String id = register.key().toString();
        Register current = byKey.get(id);
        if (current == null || register.version().newerThan(current.version())) {
            byKey.put(id, register);
        }
    }

    int size() {
        return byKey.size();
    }

    /** The largest Lamport counter of any register here, so the clock can move past it. */
    long maxCounter() {
        long max = 0;
        for (Register r : byKey.values()) {
            max = Math.max(max, r.version().counter());
        }
        return max;
    }

    @Override
    public Registers minus(Registers other) {
        Registers delta = new Registers();
        byKey.forEach((id, mine) -> {
            Register theirs = other.byKey.get(id);
            if (theirs == null || mine.version().newerThan(theirs.version())) {
                delta.byKey.put(id, mine);
            }
        });
        return delta;
    }

    @Override
    public void merge(Registers other) {
        other.byKey.values().forEach(this::put);
    }

    @Override
    public void forget(Registers covered) {
        byKey.entrySet().removeIf(e -> {
            Register theirs = covered.byKey.get(e.getKey());
            return theirs != null && !e.getValue().version().newerThan(theirs.version());
        });
    }

    @Override
    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    @Override
    public Registers empty() {
        return new Registers();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Registers other && other.byKey.equals(byKey);
    }

    @Override
    public int hashCode() {
        return byKey.hashCode();
    }

    @Override
    public String toString() {
        return byKey.values().toString();
    }

    /** {@code [[key, value, counter, node], ...]}. */
    JsonNode toJson() {
        ArrayNode array = Bodies.nodes().arrayNode();
        for (Register r : byKey.values()) {
            array.addArray().add(r.key()).add(r.value()).add(r.version().counter()).add(r.version().node());
        }
        return array;
    }

    /** Reads what {@link #toJson} wrote; a malformed register is an error, never silently dropped. */
    static Registers fromJson(JsonNode json) {
        if (json == null || !json.isArray()) {
            throw new IllegalArgumentException("registers must be an array, got " + json);
        }
        Registers registers = new Registers();
        for (JsonNode r : json) {
            if (!r.isArray() || r.size() != 4 || !r.get(2).canConvertToLong() || !r.get(3).canConvertToInt()
                    || !r.get(2).isIntegralNumber() || !r.get(3).isIntegralNumber()) {
                throw new IllegalArgumentException("malformed register " + r);
            }
            registers.put(new Register(r.get(0), r.get(1), new Version(r.get(2).longValue(), r.get(3).intValue())));
        }
        return registers;
    }
}
