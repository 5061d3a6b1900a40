package glomers.harness.client;

import java.util.Map;

/** Maelstrom's errors.edn: names and whether each code is definite. Unknown codes are indefinite. */
public final class ErrorCodes {

    public record Kind(String name, boolean definite) {
    }

    private static final Map<Integer, Kind> KNOWN = Map.ofEntries(
            Map.entry(0, new Kind("timeout", false)),
            Map.entry(1, new Kind("node-not-found", true)),
            Map.entry(10, new Kind("not-supported", true)),
            Map.entry(11, new Kind("temporarily-unavailable", true)),
            Map.entry(12, new Kind("malformed-request", true)),
            Map.entry(13, new Kind("crash", false)),
            Map.entry(14, new Kind("abort", true)),
            Map.entry(20, new Kind("key-does-not-exist", true)),
            Map.entry(21, new Kind("key-already-exists", true)),
            Map.entry(22, new Kind("precondition-failed", true)),
            Map.entry(30, new Kind("txn-conflict", true)));

    private ErrorCodes() {
    }

    public static Kind of(long code) {
        Kind kind = code >= Integer.MIN_VALUE && code <= Integer.MAX_VALUE ? KNOWN.get((int) code) : null;
        return kind != null ? kind : new Kind("unknown", false);
    }
}
