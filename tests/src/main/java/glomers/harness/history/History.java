package glomers.harness.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A run's history in the order events happened; each completion follows its invocation. */
public final class History {

    private final List<Op> ops = new ArrayList<>();

    /** Appends an event, giving it the next index. */
    public Op add(long process, Op.Type type, String f, com.fasterxml.jackson.databind.JsonNode value,
                  long timeNanos, boolean finalRead, String error) {
        Op op = new Op(ops.size(), process, type, f, value, timeNanos, finalRead, error);
        ops.add(op);
        return op;
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public int size() {
        return ops.size();
    }
}
