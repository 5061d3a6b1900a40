package glomers.kv;

import glomers.core.ErrorCode;
import glomers.core.RpcError;

/**
 * The outcome of one KV or TSO call: a value, or a Maelstrom error code with its text. Every
 * outcome the service can produce is a result, never an exception: a missing key, a failed
 * compare-and-set, a timeout, an unknown code, and a reply of the wrong type or shape (code 13,
 * indefinite). Ask {@link #definite()} before concluding that an operation did not happen.
 *
 * @param <T> the value of a successful call; {@link Void} (and a null value) for write and cas
 */
public final class KvResult<T> {

    private static final KvResult<Void> DONE = new KvResult<>(true, null, 0, null);

    private final boolean ok;
    private final T value;
    private final int code;
    private final String text;

    private KvResult(boolean ok, T value, int code, String text) {
        this.ok = ok;
        this.value = value;
        this.code = code;
        this.text = text;
    }

    /** A successful call that returned {@code value}. */
    public static <T> KvResult<T> success(T value) {
        return new KvResult<>(true, value, 0, null);
    }

    /** The successful write or cas; one shared instance. */
    public static KvResult<Void> done() {
        return DONE;
    }

    /** A failed call with a Maelstrom error code (any code, including ones no enum names). */
    public static <T> KvResult<T> failure(int code, String text) {
        return new KvResult<>(false, null, code, text == null ? "" : text);
    }

    public boolean ok() {
        return ok;
    }

    /**
     * The value of a successful call: a {@code JsonNode} for read (a {@code NullNode} when the
     * stored value is JSON null, never Java null), a {@code Long} for readLong and ts, null for
     * write and cas.
     *
     * @throws IllegalStateException when the call failed
     */
    public T value() {
        if (!ok) {
            throw new IllegalStateException("no value: " + this);
        }
        return value;
    }

    /**
     * The error code of a failed call.
     *
     * @throws IllegalStateException when the call succeeded
     */
    public int code() {
        requireFailure();
        return code;
    }

    /**
     * The error text of a failed call ("" when the service sent none).
     *
     * @throws IllegalStateException when the call succeeded
     */
    public String text() {
        requireFailure();
        return text;
    }

    /** Error 20: the key does not exist (definite). */
    public boolean keyMissing() {
        return !ok && code == ErrorCode.KEY_DOES_NOT_EXIST.code();
    }

    /** Error 22: cas found a value other than {@code from} (definite). */
    public boolean preconditionFailed() {
        return !ok && code == ErrorCode.PRECONDITION_FAILED.code();
    }

    /** Error 0: no reply within the timeout. The operation may or may not have happened. */
    public boolean timedOut() {
        return !ok && code == ErrorCode.TIMEOUT.code();
    }

    /**
     * Whether the failure is a promise that the operation did not and will not happen
     * ({@link ErrorCode#isDefinite}); false for a success, a timeout, a malformed reply and
     * any code Maelstrom does not define.
     */
    public boolean definite() {
        return !ok && ErrorCode.isDefinite(code);
    }

    /**
     * The failure as an error a handler can throw or reply with, keeping its code, so a definite
     * KV error stays definite for the client and an unknown outcome stays unknown.
     *
     * @throws IllegalStateException when the call succeeded
     */
    public RpcError toRpcError() {
        requireFailure();
        return new RpcError(code, text);
    }

    private void requireFailure() {
        if (ok) {
            throw new IllegalStateException("the call succeeded: " + this);
        }
    }

    @Override
    public String toString() {
        return ok ? "KvResult{ok, value=" + value + "}" : "KvResult{error " + code + ": " + text + "}";
    }
}
