package glomers.harness.check;

/** Jepsen's three-valued verdict: {@code true}, {@code false} or {@code :unknown}. */
public enum Validity {
    TRUE, FALSE, UNKNOWN;

    /** Jepsen's composition: false if any is false, else unknown if any is unknown, else true. */
    public static Validity compose(Iterable<Validity> parts) {
        boolean unknown = false;
        for (Validity v : parts) {
            if (v == FALSE) {
                return FALSE;
            }
            unknown |= v == UNKNOWN;
        }
        return unknown ? UNKNOWN : TRUE;
    }

    public static Validity of(boolean valid) {
        return valid ? TRUE : FALSE;
    }
}
