package glomers.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import glomers.core.RpcError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** KvClient and Tso against a recording Env: the exact bodies sent, and every kind of reply. */
class KvClientTest {

    private final FakeEnv env = new FakeEnv();
    private final KvClient kv = KvClient.linKv(env);
    private final List<KvResult<?>> results = new ArrayList<>();

    private <T> KvCallback<T> collect() {
        return results::add;
    }

    @SuppressWarnings("unchecked")
    private <T> KvResult<T> onlyResult() {
        assertEquals(1, results.size(), "results: " + results);
        return (KvResult<T>) results.get(0);
    }

    // ---- what goes on the wire ----

    @Test
    void readSendsOnlyTheKeyToTheServiceWithTheDefaultTimeout() {
        kv.read("k", collect());
        FakeEnv.Call call = env.only();
        assertEquals("lin-kv", call.dest());
        assertEquals("{\"type\":\"read\",\"key\":\"k\"}", call.wire());
        assertEquals(KvClient.DEFAULT_TIMEOUT_NANOS, call.timeoutNanos());
        assertEquals(1_000_000_000L, KvClient.DEFAULT_TIMEOUT_NANOS);
    }

    @Test
    void keysKeepTheirJsonType() {
        kv.read(IntNode.valueOf(3), collect());
        kv.readLong("3", collect());
        kv.readLong(IntNode.valueOf(3), collect());
        assertEquals("{\"type\":\"read\",\"key\":3}", env.calls.get(0).wire());
        assertEquals("{\"type\":\"read\",\"key\":\"3\"}", env.calls.get(1).wire());
        assertEquals("{\"type\":\"read\",\"key\":3}", env.calls.get(2).wire());
    }

    @Test
    void writeSendsKeyAndValue() {
        kv.write("k", 5, collect());
        kv.write(IntNode.valueOf(1), FakeEnv.parse("{\"a\":[1,null,\"x\"]}"), collect());
        kv.write("k", NullNode.getInstance(), collect());
        kv.write(IntNode.valueOf(2), -7L, collect());
        assertEquals("{\"type\":\"write\",\"key\":\"k\",\"value\":5}", env.calls.get(0).wire());
        assertEquals("{\"type\":\"write\",\"key\":1,\"value\":{\"a\":[1,null,\"x\"]}}", env.calls.get(1).wire());
        assertEquals("{\"type\":\"write\",\"key\":\"k\",\"value\":null}", env.calls.get(2).wire());
        assertEquals("{\"type\":\"write\",\"key\":2,\"value\":-7}", env.calls.get(3).wire());
    }

    @Test
    void casSendsCreateIfNotExistsOnlyWhenTrue() {
        kv.cas("k", 1, 2, false, collect());
        kv.cas("k", 1, 2, true, collect());
        kv.cas(IntNode.valueOf(4), TextNode.valueOf("a"), TextNode.valueOf("b"), false, collect());
        kv.cas(IntNode.valueOf(4), 8L, 9L, true, collect());
        assertEquals("{\"type\":\"cas\",\"key\":\"k\",\"from\":1,\"to\":2}", env.calls.get(0).wire());
        assertEquals("{\"type\":\"cas\",\"key\":\"k\",\"from\":1,\"to\":2,\"create_if_not_exists\":true}",
                env.calls.get(1).wire());
        assertEquals("{\"type\":\"cas\",\"key\":4,\"from\":\"a\",\"to\":\"b\"}", env.calls.get(2).wire());
        assertEquals("{\"type\":\"cas\",\"key\":4,\"from\":8,\"to\":9,\"create_if_not_exists\":true}",
                env.calls.get(3).wire());
    }

    @Test
    void tsSendsABareTsToLinTso() {
        Tso.linTso(env).ts(collect());
        FakeEnv.Call call = env.only();
        assertEquals("lin-tso", call.dest());
        assertEquals("{\"type\":\"ts\"}", call.wire());
        assertEquals(KvClient.DEFAULT_TIMEOUT_NANOS, call.timeoutNanos());
    }

    @Test
    void eachFactoryNamesItsServiceAndWithTimeoutReturnsACopy() {
        KvClient.seqKv(env).read("k", collect());
        KvClient.lwwKv(env).read("k", collect());
        KvClient.of(env, "n3").read("k", collect());
        KvClient fast = kv.withTimeout(50_000_000L);
        fast.read("k", collect());
        Tso.linTso(env).withTimeout(7L).ts(collect());
        assertEquals(List.of("seq-kv", "lww-kv", "n3", "lin-kv", "lin-tso"),
                env.calls.stream().map(FakeEnv.Call::dest).toList());
        assertEquals(50_000_000L, env.calls.get(3).timeoutNanos());
        assertEquals(7L, env.calls.get(4).timeoutNanos());
        assertEquals(KvClient.DEFAULT_TIMEOUT_NANOS, kv.timeoutNanos(), "the original keeps its timeout");
        assertEquals(50_000_000L, fast.timeoutNanos());
        assertThrows(IllegalArgumentException.class, () -> kv.withTimeout(0));
        assertThrows(IllegalArgumentException.class, () -> Tso.linTso(env).withTimeout(-1));
    }

    @Test
    void nullArgumentsFailAtTheCallNotAtTheReply() {
        assertThrows(NullPointerException.class, () -> kv.read((String) null, collect()));
        assertThrows(NullPointerException.class, () -> kv.read("k", null));
        assertThrows(NullPointerException.class, () -> kv.write("k", (JsonNode) null, collect()));
        assertThrows(NullPointerException.class, () -> kv.cas("k", null, IntNode.valueOf(1), false, collect()));
        assertTrue(env.calls.isEmpty(), "nothing is sent for a call that was refused");
    }

    // ---- results ----

    @Test
    void readOkGivesTheValueAsSent() throws Exception {
        kv.read("k", collect());
        env.only().reply("{\"type\":\"read_ok\",\"value\":[1,\"two\",3.5],\"in_reply_to\":1}");
        KvResult<JsonNode> r = onlyResult();
        assertTrue(r.ok());
        assertEquals(FakeEnv.parse("[1,\"two\",3.5]"), r.value());
        assertFalse(r.keyMissing() || r.preconditionFailed() || r.timedOut() || r.definite());
        assertThrows(IllegalStateException.class, r::code);
        assertThrows(IllegalStateException.class, r::text);
        assertThrows(IllegalStateException.class, r::toRpcError);
        assertTrue(env.warnings.isEmpty());
    }

    @Test
    void aStoredJsonNullIsANullNodeNotJavaNull() throws Exception {
        kv.read("k", collect());
        env.only().reply("{\"type\":\"read_ok\",\"value\":null,\"in_reply_to\":1}");
        assertEquals(NullNode.getInstance(), onlyResult().value());
    }

    @Test
    void readOfAMissingKeyIsKeyMissingAndDefinite() throws Exception {
        kv.read("k", collect());
        env.only().reply("{\"type\":\"error\",\"code\":20,\"text\":\"key does not exist\",\"in_reply_to\":1}");
        KvResult<JsonNode> r = onlyResult();
        assertFalse(r.ok());
        assertTrue(r.keyMissing());
        assertTrue(r.definite());
        assertFalse(r.preconditionFailed() || r.timedOut());
        assertEquals(20, r.code());
        assertEquals("key does not exist", r.text());
        assertThrows(IllegalStateException.class, r::value);
        RpcError e = r.toRpcError();
        assertEquals(20, e.code());
        assertEquals("key does not exist", e.text());
        assertTrue(env.warnings.isEmpty());
    }

    @Test
    void writeOkAndCasOkAreDone() throws Exception {
        kv.write("k", 1, collect());
        kv.cas("k", 1, 2, false, collect());
        env.calls.get(0).reply("{\"type\":\"write_ok\",\"in_reply_to\":1}");
        env.calls.get(1).reply("{\"type\":\"cas_ok\",\"in_reply_to\":2}");
        assertEquals(2, results.size());
        for (KvResult<?> r : results) {
            assertTrue(r.ok(), r::toString);
            assertNull(r.value());
            assertSame(KvResult.done(), r);
        }
    }

    @Test
    void casWithAnotherValueIsPreconditionFailedAndDefinite() throws Exception {
        kv.cas("k", 1, 2, false, collect());
        env.only().reply("{\"type\":\"error\",\"code\":22,\"text\":\"current value 5 is not 1\",\"in_reply_to\":1}");
        KvResult<Void> r = onlyResult();
        assertTrue(r.preconditionFailed());
        assertTrue(r.definite());
        assertFalse(r.keyMissing() || r.timedOut());
        assertEquals("current value 5 is not 1", r.text());
    }

    @Test
    void noReplyInTimeIsTimedOutAndIndefinite() throws Exception {
        kv.write("k", 1, collect());
        env.only().timeOut();
        KvResult<Void> r = onlyResult();
        assertTrue(r.timedOut());
        assertFalse(r.definite(), "a write that timed out may have happened");
        assertFalse(r.keyMissing() || r.preconditionFailed());
        assertEquals(0, r.code());
        assertEquals("no reply from lin-kv within 1000 ms", r.text());
        assertTrue(env.warnings.isEmpty(), "a timeout is an expected outcome, not a malformed reply");
    }

    @Test
    void anUnknownCodeIsKeptAndIndefinite() throws Exception {
        kv.cas("k", 1, 2, false, collect());
        env.only().reply("{\"type\":\"error\",\"code\":1234,\"text\":\"custom\",\"in_reply_to\":1}");
        KvResult<Void> r = onlyResult();
        assertEquals(1234, r.code());
        assertEquals("custom", r.text());
        assertFalse(r.definite(), "Maelstrom counts unknown codes as indefinite");
        assertFalse(r.keyMissing() || r.preconditionFailed() || r.timedOut());
        assertTrue(env.warnings.isEmpty(), "an error with a code is a well-formed reply");
    }

    @Test
    void anErrorWithoutTextHasEmptyText() throws Exception {
        kv.read("k", collect());
        env.only().reply("{\"type\":\"error\",\"code\":11,\"in_reply_to\":1}");
        KvResult<JsonNode> r = onlyResult();
        assertEquals(11, r.code());
        assertEquals("", r.text());
        assertTrue(r.definite());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"write_ok\",\"in_reply_to\":1}",
        "{\"type\":\"read_ok\",\"in_reply_to\":1}",
        "{\"type\":\"error\",\"text\":\"no code\",\"in_reply_to\":1}",
        "{\"type\":\"error\",\"code\":\"20\",\"in_reply_to\":1}",
        "{\"type\":\"error\",\"code\":20.5,\"in_reply_to\":1}",
        "{\"in_reply_to\":1}",
        "{\"type\":7,\"in_reply_to\":1}",
    })
    void anUnexpectedReplyToReadIsIndefiniteError13WarnedOnce(String reply) throws Exception {
        kv.read("k", collect());
        env.only().reply(reply);
        KvResult<JsonNode> r = onlyResult();
        assertEquals(13, r.code());
        assertFalse(r.definite(), "the service may have done something: the outcome is unknown");
        assertTrue(r.text().contains(FakeEnv.parse(reply).toString()), r.text());
        assertTrue(r.text().contains("lin-kv") && r.text().contains("read"), r.text());
        assertEquals(List.of(r.text()), env.warnings);
    }

    @Test
    void aReplyOfAnotherOpsTypeIsUnexpected() throws Exception {
        kv.write("k", 1, collect());
        kv.cas("k", 1, 2, true, collect());
        env.calls.get(0).reply("{\"type\":\"cas_ok\",\"in_reply_to\":1}");
        env.calls.get(1).reply("{\"type\":\"write_ok\",\"in_reply_to\":2}");
        assertEquals(List.of(13, 13), results.stream().map(KvResult::code).toList());
        assertEquals(2, env.warnings.size());
        assertTrue(env.warnings.get(0).contains("to write") && env.warnings.get(0).contains("cas_ok"), env.warnings::toString);
    }

    @Test
    void aHugeUnexpectedReplyIsQuotedShort() throws Exception {
        kv.read("k", collect());
        env.only().reply("{\"type\":\"blob\",\"data\":\"" + "x".repeat(10_000) + "\"}");
        KvResult<JsonNode> r = onlyResult();
        assertTrue(r.text().length() < 400, r.text());
        assertTrue(r.text().endsWith("..."), r.text());
    }

    @Test
    void readLongGivesTheInteger() throws Exception {
        kv.readLong("k", collect());
        kv.readLong("k", collect());
        env.calls.get(0).reply("{\"type\":\"read_ok\",\"value\":42,\"in_reply_to\":1}");
        env.calls.get(1).reply("{\"type\":\"read_ok\",\"value\":-9223372036854775808,\"in_reply_to\":2}");
        assertEquals(42L, results.get(0).value());
        assertEquals(Long.MIN_VALUE, results.get(1).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5", "3.0", "\"3\"", "null", "[3]", "9223372036854775808", "true"})
    void readLongOfAnotherValueIsAnErrorResultThatSaysWhatWasThere(String value) throws Exception {
        kv.readLong("k", collect());
        env.only().reply("{\"type\":\"read_ok\",\"value\":" + value + ",\"in_reply_to\":1}");
        KvResult<Long> r = onlyResult();
        assertFalse(r.ok());
        assertEquals(13, r.code());
        assertFalse(r.definite());
        assertTrue(r.text().contains("\"k\"") && r.text().contains(value), r.text());
        assertTrue(env.warnings.isEmpty(), "the reply was well formed; the value is the caller's business");
    }

    @Test
    void readLongPassesErrorsThrough() throws Exception {
        kv.readLong("k", collect());
        env.only().reply("{\"type\":\"error\",\"code\":20,\"text\":\"key does not exist\",\"in_reply_to\":1}");
        assertTrue(onlyResult().keyMissing());
    }

    @Test
    void tsOkGivesTheTimestamp() throws Exception {
        Tso.linTso(env).ts(collect());
        env.only().reply("{\"type\":\"ts_ok\",\"ts\":17,\"in_reply_to\":1}");
        assertEquals(17L, onlyResult().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"ts_ok\",\"in_reply_to\":1}",
        "{\"type\":\"ts_ok\",\"ts\":1.5,\"in_reply_to\":1}",
        "{\"type\":\"ts_ok\",\"ts\":\"17\",\"in_reply_to\":1}",
        "{\"type\":\"read_ok\",\"value\":17,\"in_reply_to\":1}",
    })
    void anUnexpectedReplyToTsIsIndefiniteError13(String reply) throws Exception {
        Tso.linTso(env).ts(collect());
        env.only().reply(reply);
        KvResult<Long> r = onlyResult();
        assertEquals(13, r.code());
        assertFalse(r.definite());
        assertTrue(r.text().contains("lin-tso"), r.text());
        assertEquals(1, env.warnings.size());
    }

    @Test
    void tsTimesOutLikeAnyCall() throws Exception {
        Tso.linTso(env).ts(collect());
        env.only().timeOut();
        assertTrue(onlyResult().timedOut());
    }

    @Test
    void aCallbacksExceptionLeavesTheRpcCallbackForTheCoreToLog() {
        IllegalStateException boom = new IllegalStateException("boom");
        kv.read("k", r -> {
            throw boom;
        });
        Exception thrown = assertThrows(Exception.class,
                () -> env.only().reply("{\"type\":\"read_ok\",\"value\":1,\"in_reply_to\":1}"));
        assertSame(boom, thrown);
        RpcError checked = new RpcError(13, "checked");
        kv.write("k", 1, r -> {
            throw checked;
        });
        assertSame(checked, assertThrows(RpcError.class, () -> env.calls.get(1).timeOut()));
    }

    @Test
    void failureTextIsNeverNull() {
        assertEquals("", KvResult.failure(0, null).text());
        assertEquals("KvResult{error 20: gone}", KvResult.failure(20, "gone").toString());
        assertEquals("KvResult{ok, value=5}", KvResult.success(5L).toString());
    }
}
