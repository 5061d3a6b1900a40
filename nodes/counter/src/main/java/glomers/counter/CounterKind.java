package glomers.counter;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.core.ErrorCode;
import glomers.core.Request;
import glomers.core.RpcError;

/** Which of Maelstrom's counters a node serves: they differ only in whether a delta may be negative. */
public enum CounterKind {
    /** g-counter: grow-only; a negative delta is refused. */
    GROW_ONLY,
    /** pn-counter: any integer delta. */
    POSITIVE_NEGATIVE;

    /**
     * The {@code delta} of an {@code add}; refused with error 12 (definite: nothing was applied)
     * when it is not an integer that fits in a long, or is negative on a g-counter.
     */
    long deltaOf(Request add) throws RpcError {
        JsonNode delta = add.body().get("delta");
        if (delta == null || !delta.isIntegralNumber() || !delta.canConvertToLong()) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "add needs an integer delta, got " + delta);
        }
        long d = delta.longValue();
        if (d < 0 && this == GROW_ONLY) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "a g-counter only grows; delta " + d + " refused");
        }
        return d;
    }
}
