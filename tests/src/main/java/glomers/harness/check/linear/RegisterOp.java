package glomers.harness.check.linear;

/**
 * One op on one key's register, as Knossos sees it after preprocessing.
 *
 * @param id            position among the key's ops in invocation order
 * @param invokeIndex   the invocation's index in the full history
 * @param completeIndex the ok completion's index, or -1 when the op is indefinite (:info, or
 *                      never completed): it may take effect at any time after its invocation,
 *                      or never
 * @param a             read: the value read; write: the value written; cas: from (value ids)
 * @param b             cas: to; otherwise unused
 */
record RegisterOp(int id, int invokeIndex, int completeIndex, long process, Kind kind, int a, int b) {

    enum Kind { READ, WRITE, CAS }

    boolean definite() {
        return completeIndex >= 0;
    }

    /** Maelstrom's way of showing the op: {@code p5 cas [1 3] (ok, index 120..124)}. */
    String describe(ValueTable values) {
        String value = switch (kind) {
            case READ, WRITE -> values.show(a);
            case CAS -> "[" + values.show(a) + " " + values.show(b) + "]";
        };
        String span = definite() ? "ok, index " + invokeIndex + ".." + completeIndex
                : "info, invoked at index " + invokeIndex;
        return "p" + process + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + value + " (" + span + ")";
    }
}
