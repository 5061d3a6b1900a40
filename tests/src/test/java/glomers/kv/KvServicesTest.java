package glomers.kv;

import static glomers.kv.KvSim.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import glomers.core.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KvClient and Tso on simulated nodes against the harness's lin-kv, seq-kv, lww-kv and lin-tso,
 * with 10 ms of latency each way (a 20 ms round trip). Fixed seeds: every build runs the same
 * histories. Values are compared as JSON text: whether a number arrives as an int or a long node
 * depends on who built it, and Jackson's equals tells the two apart.
 */
class KvServicesTest {

    private static final long SEED = 7;
    private static final long LATENCY_MS = 10;
    private static final long ROUND_TRIP = 2 * LATENCY_MS * MS;

    private final KvSim sim = new KvSim(SEED, 2, LATENCY_MS);

    /** Runs one call on {@code node}, waits a round trip and returns its one result. */
    private <T> KvResult<T> call(String node, BiConsumer<Env, KvCallback<T>> op) {
        List<KvSim.Seen<T>> seen = new ArrayList<>();
        long start = sim.nowNanos();
        sim.on(node, env -> op.accept(env, sim.into(node, seen))).runFor(ROUND_TRIP);
        assertEquals(1, seen.size(), "one result within a round trip: " + seen);
        assertEquals(start + ROUND_TRIP, seen.get(0).atNanos(), "a service round trip is 2 x latency");
        return seen.get(0).result();
    }

    private KvResult<JsonNode> read(String node, String service, String key) {
        return call(node, (env, cb) -> KvClient.of(env, service).read(key, cb));
    }

    private KvResult<Void> write(String node, String service, String key, long value) {
        return call(node, (env, cb) -> KvClient.of(env, service).write(key, value, cb));
    }

    private KvResult<Void> cas(String node, String service, String key, long from, long to, boolean create) {
        return call(node, (env, cb) -> KvClient.of(env, service).cas(key, from, to, create, cb));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lin-kv", "seq-kv", "lww-kv"})
    void readOfAMissingKeyIsKeyMissing(String service) {
        KvResult<JsonNode> r = read("n0", service, "nope");
        assertTrue(r.keyMissing(), r::toString);
        assertTrue(r.definite());
        assertEquals("key does not exist", r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lin-kv", "seq-kv"})
    void writeThenReadGivesTheValue(String service) {
        assertTrue(write("n0", service, "k", 5).ok());
        assertEquals("5", read("n0", service, "k").value().toString());
        KvResult<Long> asLong = call("n0", (env, cb) -> KvClient.of(env, service).readLong("k", cb));
        assertEquals(5L, asLong.value());
    }

    @Test
    void linKvWritesAreSeenByEveryNodeAtOnce() {
        assertTrue(write("n0", "lin-kv", "k", 5).ok());
        assertEquals("5", read("n1", "lin-kv", "k").value().toString());
    }

    @Test
    void keysOfDifferentJsonTypesAreDifferentKeys() {
        assertTrue(this.<Void>call("n0", (env, cb) -> KvClient.linKv(env).write(IntNode.valueOf(1), TextNode.valueOf("int"), cb)).ok());
        assertTrue(read("n0", "lin-kv", "1").keyMissing(), "the string key \"1\" is not the integer key 1");
        KvResult<JsonNode> r = call("n0", (env, cb) -> KvClient.linKv(env).read(IntNode.valueOf(1), cb));
        assertEquals("\"int\"", r.value().toString());
    }

    @Test
    void readLongOfANonIntegerIsAnErrorResult() {
        assertTrue(this.<Void>call("n0", (env, cb) -> KvClient.linKv(env).write("k", TextNode.valueOf("five"), cb)).ok());
        KvResult<Long> r = call("n0", (env, cb) -> KvClient.linKv(env).readLong("k", cb));
        assertFalse(r.ok());
        assertEquals(13, r.code());
        assertTrue(r.text().contains("\"five\""), r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lin-kv", "seq-kv"})
    void casWithAWrongFromIsPreconditionFailedAndARightOneSwaps(String service) {
        assertTrue(write("n0", service, "k", 1).ok());
        KvResult<Void> wrong = cas("n0", service, "k", 2, 3, false);
        assertTrue(wrong.preconditionFailed(), wrong::toString);
        assertTrue(wrong.definite());
        assertEquals("current value 1 is not 2", wrong.text());
        assertTrue(cas("n0", service, "k", 1, 3, false).ok());
        assertEquals("3", read("n0", service, "k").value().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lin-kv", "seq-kv"})
    void casOnAMissingKeyFailsUnlessAskedToCreateIt(String service) {
        assertTrue(cas("n0", service, "fresh", 0, 7, false).keyMissing());
        assertTrue(cas("n0", service, "fresh", 0, 7, true).ok());
        assertEquals("7", read("n0", service, "fresh").value().toString());
        assertTrue(cas("n0", service, "fresh", 0, 8, true).preconditionFailed(),
                "create_if_not_exists only creates: an existing key is compared as usual");
    }

    @Test
    void lwwKvIgnoresCreateIfNotExists() {
        for (int i = 0; i < 5; i++) {
            KvResult<Void> r = cas("n0", "lww-kv", "fresh", 0, 7, true);
            assertTrue(r.keyMissing(), "lww-kv never creates a key in cas: " + r);
        }
    }

    @Test
    void lwwKvReadsFindAWriteOnlyOnTheReplicaThatTookIt() {
        assertTrue(write("n0", "lww-kv", "k", 5).ok());
        int found = 0;
        int missed = 0;
        for (int i = 0; i < 20; i++) {
            KvResult<JsonNode> r = read("n0", "lww-kv", "k");
            if (r.ok()) {
                assertEquals("5", r.value().toString());
                found++;
            } else {
                assertTrue(r.keyMissing(), r::toString);
                missed++;
            }
        }
        assertTrue(found > 0 && missed > 0, "found " + found + ", missed " + missed + " (seed " + SEED + ")");
    }

    @Test
    void tsValuesStrictlyIncrease() {
        List<KvSim.Seen<Long>> burst = new ArrayList<>();
        for (String node : List.of("n0", "n1")) {
            sim.on(node, env -> {
                Tso tso = Tso.linTso(env);
                for (int i = 0; i < 5; i++) {
                    tso.ts(sim.into(node, burst));
                }
            });
        }
        sim.runFor(ROUND_TRIP);
        assertEquals(10, burst.size());
        for (String node : List.of("n0", "n1")) {
            List<Long> mine = burst.stream().filter(s -> s.node().equals(node)).map(s -> s.result().value()).toList();
            assertEquals(5, mine.size());
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(mine.get(i) > mine.get(i - 1), node + " got its timestamps out of order: " + mine);
            }
        }
        assertEquals(10, burst.stream().map(s -> s.result().value()).distinct().count(), "no timestamp twice: " + burst);
        long max = burst.stream().mapToLong(s -> s.result().value()).max().orElseThrow();
        assertEquals(0L, burst.stream().mapToLong(s -> s.result().value()).min().orElseThrow(), "lin-tso counts from 0");
        // One call after another, alternating nodes: each is larger than everything before it.
        for (int i = 0; i < 4; i++) {
            String node = i % 2 == 0 ? "n1" : "n0";
            KvResult<Long> next = call(node, (env, cb) -> Tso.linTso(env).ts(cb));
            assertTrue(next.value() > max, next + " after " + max);
            max = next.value();
        }
    }

    @Test
    void anUnknownDestinationTimesOutAfterTheDefaultTimeout() {
        List<KvSim.Seen<JsonNode>> seen = new ArrayList<>();
        long start = sim.nowNanos();
        sim.on("n0", env -> KvClient.of(env, "no-such-kv").read("k", sim.into("n0", seen)));
        sim.runFor(KvClient.DEFAULT_TIMEOUT_NANOS - 1);
        assertTrue(seen.isEmpty(), "nothing before the timeout: " + seen);
        sim.runFor(1);
        assertEquals(1, seen.size());
        assertEquals(start + KvClient.DEFAULT_TIMEOUT_NANOS, seen.get(0).atNanos());
        KvResult<JsonNode> r = seen.get(0).result();
        assertTrue(r.timedOut(), r::toString);
        assertFalse(r.definite());
        assertTrue(sim.stderr("n0").contains("\"event\":\"unknown-destination\"") && sim.stderr("n0").contains("refused to send read to unknown destination no-such-kv"), sim.stderr("n0"));
        assertTrue(sim.network.violations().isEmpty(), "the core refused the send: " + sim.network.violations());
    }

    @Test
    void aRequestTypeTheServiceIgnoresTimesOutAfterTheGivenTimeout() {
        List<KvSim.Seen<Long>> ts = new ArrayList<>();
        List<KvSim.Seen<JsonNode>> read = new ArrayList<>();
        long start = sim.nowNanos();
        sim.on("n0", env -> {
            Tso.of(env, "lin-kv").withTimeout(300 * MS).ts(sim.into("n0", ts)); // lin-kv knows no ts
            KvClient.of(env, "lin-tso").withTimeout(200 * MS).read("k", sim.into("n0", read)); // lin-tso only ts
        });
        sim.runFor(ROUND_TRIP * 5);
        assertTrue(ts.isEmpty() && read.isEmpty(), "services answer what they do not know with silence");
        sim.runFor(300 * MS);
        assertEquals(1, ts.size());
        assertEquals(1, read.size());
        assertTrue(ts.get(0).result().timedOut());
        assertTrue(read.get(0).result().timedOut());
        assertEquals(start + 300 * MS, ts.get(0).atNanos());
        assertEquals(start + 200 * MS, read.get(0).atNanos());
        assertEquals("no reply from lin-kv within 300 ms", ts.get(0).result().text());
    }

    @Test
    void aReplyOfTheWrongShapeIsAnIndefiniteErrorWarnedOnceInTheNodesLog() {
        KvResult<JsonNode> r = call("n0", (env, cb) -> KvClient.of(env, "n1").read("k", cb));
        assertEquals(13, r.code());
        assertFalse(r.definite());
        assertTrue(r.text().contains("read_ok") && r.text().contains("messages"), r.text());
        String stderr = sim.stderr("n0");
        assertEquals(1, stderr.lines().filter(l -> l.contains("\"level\":\"warn\"") && l.contains("\"msg\":\"unexpected reply from n1 to read")).count(), stderr);
        assertFalse(stderr.contains("\"level\":\"error\""), stderr);
    }

    /**
     * seq-kv serves a read from a random state between the caller's cursor and the newest, so
     * a node that has seen nothing reads stale values; its own write runs on the newest state and
     * moves its cursor there, so its next read sees every write before it, other nodes' included.
     */
    @Test
    void seqKvReadsAreStaleUntilTheCallersOwnWriteMovesItToTheNewestState() {
        for (int v = 1; v <= 10; v++) {
            assertTrue(write("n0", "seq-kv", "k", v).ok());
        }
        assertEquals("10", read("n0", "seq-kv", "k").value().toString(), "the writer reads its own write");
        KvResult<JsonNode> stale = read("n1", "seq-kv", "k");
        assertTrue(stale.keyMissing() || stale.value().asInt() < 10,
                "n1 has seen nothing yet, so with this seed it reads an old state: " + stale);
        assertTrue(write("n1", "seq-kv", "other", 1).ok());
        for (int i = 0; i < 5; i++) {
            assertEquals("10", read("n1", "seq-kv", "k").value().toString(),
                    "after its own write n1 reads from the newest state on");
        }
    }

    @Test
    void aCallbacksExceptionIsLoggedByTheCoreAndTheNodeGoesOn() {
        sim.on("n0", env -> KvClient.linKv(env).read("k", r -> {
            throw new IllegalStateException("callback blew up on " + r);
        })).runFor(ROUND_TRIP);
        String stderr = sim.stderr("n0");
        assertTrue(stderr.contains("\"level\":\"error\"") && stderr.contains("\"msg\":\"RPC callback for lin-kv failed\""), stderr);
        assertTrue(stderr.contains("java.lang.IllegalStateException: callback blew up on KvResult{error 20"), stderr);
        assertTrue(write("n0", "lin-kv", "k", 1).ok(), "the node goes on");
        assertEquals("1", read("n0", "lin-kv", "k").value().toString());
    }
}
