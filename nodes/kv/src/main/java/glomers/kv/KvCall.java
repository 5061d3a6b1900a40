package glomers.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.ErrorCode;
import glomers.core.Log;
import glomers.core.RpcCallback;

/**
 * One pending call: turns the service's reply (or the core's timeout error) into a result and
 * hands it to the caller's callback. The callback's exception is not caught: it leaves
 * {@link #onReply} and the core logs it as it logs any failing {@code RpcCallback}.
 *
 * <p>A reply that is neither an error with an integer code nor the expected {@code *_ok} of the
 * expected shape becomes error 13 (crash, indefinite: the service may have applied the op),
 * logged once at warn level with what came back.
 */
abstract class KvCall<T> implements RpcCallback {

    /** How much of an unexpected reply a result's text and the warning quote. */
    static final int QUOTED_REPLY_CHARS = 200;

    private final String service;
    private final String op;
    private final String okType;
    private final Log log;
    private final KvCallback<T> callback;

    KvCall(String service, String op, String okType, Log log, KvCallback<T> callback) {
        this.service = service;
        this.op = op;
        this.okType = okType;
        this.log = log;
        this.callback = callback;
    }

    @Override
    public final void onReply(ObjectNode reply) throws Exception {
        callback.onResult(resultOf(reply));
    }

    final KvResult<T> resultOf(ObjectNode reply) {
        String type = reply.path("type").textValue();
        if ("error".equals(type)) {
            JsonNode code = reply.get("code");
            if (code != null && code.isIntegralNumber() && code.canConvertToInt()) {
                JsonNode text = reply.get("text");
                return KvResult.failure(code.intValue(), text != null && text.isTextual() ? text.textValue() : "");
            }
        } else if (okType.equals(type)) {
            KvResult<T> ok = onOk(reply);
            if (ok != null) {
                return ok;
            }
        }
        return malformed(reply);
    }

    /** The result of an {@code okType} reply; null when its fields are missing or mistyped. */
    abstract KvResult<T> onOk(ObjectNode reply);

    private KvResult<T> malformed(ObjectNode reply) {
        String text = "unexpected reply from " + service + " to " + op + ", outcome unknown: "
                + quote(reply.toString());
        log.warn("kv-unexpected-reply", text);
        return KvResult.failure(ErrorCode.CRASH.code(), text);
    }

    static String quote(String json) {
        return json.length() <= QUOTED_REPLY_CHARS ? json : json.substring(0, QUOTED_REPLY_CHARS) + "...";
    }

    /** {@code read_ok {value}}: the value as the service sent it. */
    static final class Read extends KvCall<JsonNode> {
        Read(String service, Log log, KvCallback<JsonNode> callback) {
            super(service, "read", "read_ok", log, callback);
        }

        @Override
        KvResult<JsonNode> onOk(ObjectNode reply) {
            JsonNode value = reply.get("value");
            return value == null ? null : KvResult.success(value);
        }
    }

    /** {@code read_ok {value}} where the value must be an integer that fits in a long. */
    static final class ReadLong extends KvCall<Long> {
        private final JsonNode key;

        ReadLong(String service, JsonNode key, Log log, KvCallback<Long> callback) {
            super(service, "read", "read_ok", log, callback);
            this.key = key;
        }

        @Override
        KvResult<Long> onOk(ObjectNode reply) {
            JsonNode value = reply.get("value");
            if (value == null) {
                return null;
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return KvResult.success(value.longValue());
            }
            // A well-formed reply holding something else (another writer's string, say): the
            // caller's problem to handle, not the service's fault, so it is not logged here.
            return KvResult.failure(ErrorCode.CRASH.code(), "value of key " + quote(key.toString()) + " is "
                    + quote(value.toString()) + ", not an integer that fits in a long");
        }
    }

    /** A reply with nothing in it but its type: {@code write_ok}, {@code cas_ok}. */
    static final class Ack extends KvCall<Void> {
        Ack(String service, String op, String okType, Log log, KvCallback<Void> callback) {
            super(service, op, okType, log, callback);
        }

        @Override
        KvResult<Void> onOk(ObjectNode reply) {
            return KvResult.done();
        }
    }

    /** {@code ts_ok {ts}} with an integer timestamp. */
    static final class Ts extends KvCall<Long> {
        Ts(String service, Log log, KvCallback<Long> callback) {
            super(service, "ts", "ts_ok", log, callback);
        }

        @Override
        KvResult<Long> onOk(ObjectNode reply) {
            JsonNode ts = reply.get("ts");
            return ts != null && ts.isIntegralNumber() && ts.canConvertToLong() ? KvResult.success(ts.longValue()) : null;
        }
    }
}
