package glomers.core;

/**
 * Maelstrom's error codes. A definite code promises that the operation did not and will not
 * happen, so it must never be used when the outcome is unknown.
 */
public enum ErrorCode {
    TIMEOUT(0, false),
    NODE_NOT_FOUND(1, true),
    NOT_SUPPORTED(10, true),
    TEMPORARILY_UNAVAILABLE(11, true),
    MALFORMED_REQUEST(12, true),
    CRASH(13, false),
    ABORT(14, true),
    KEY_DOES_NOT_EXIST(20, true),
    KEY_ALREADY_EXISTS(21, true),
    PRECONDITION_FAILED(22, true),
    TXN_CONFLICT(30, true);

    private final int code;
    private final boolean definite;

    ErrorCode(int code, boolean definite) {
        this.code = code;
        this.definite = definite;
    }

    public int code() {
        return code;
    }

    public boolean definite() {
        return definite;
    }

    /** Codes this enum does not know (including custom ones) count as indefinite, like Maelstrom. */
    public static boolean isDefinite(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c.definite;
            }
        }
        return false;
    }
}
