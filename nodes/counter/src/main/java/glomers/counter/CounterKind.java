package glomers.counter;

/** Which of Maelstrom's counters a node serves: they differ only in whether a delta may be negative. */
public enum CounterKind {
    /** g-counter: grow-only; a negative delta is refused. */
    GROW_ONLY,
    /** pn-counter: any integer delta. */
    POSITIVE_NEGATIVE;

    boolean allowsDecrements() {
        return this == POSITIVE_NEGATIVE;
    }
}
