package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each error type jepsen.tests.kafka computes, planted in a hand-written history and found under
 * its name; the allowed ones reported without failing; a message nobody sent makes it throw.
 */
class KafkaCheckerTest {

    private final Hist h = new Hist();
    private long t;

    private KafkaCheckerTest send(long process, String key, long msg, long offset) {
        h.at(t++).invoke(process, "send", "[[\"send\",\"" + key + "\"," + msg + "]]");
        h.at(t++).ok(process, "send", "[[\"send\",\"" + key + "\",[" + offset + "," + msg + "]]]");
        return this;
    }

    /** An ok poll of one key returning these [offset, msg] pairs, e.g. "[0,1],[1,2]". */
    private KafkaCheckerTest poll(long process, String key, String pairs) {
        h.at(t++).invoke(process, "poll", "[[\"poll\"]]");
        h.at(t++).ok(process, "poll", "[[\"poll\",{\"" + key + "\":[" + pairs + "]}]]");
        return this;
    }

    private KafkaCheckerTest assign(long process, String keys) {
        h.at(t++).invoke(process, "assign", keys);
        h.at(t++).ok(process, "assign", keys);
        return this;
    }

    private CheckResult check() {
        return h.check(new KafkaChecker());
    }

    @SuppressWarnings("unchecked")
    private static List<String> types(CheckResult r, String field) {
        return (List<String>) r.fields().get(field);
    }

    @SuppressWarnings("unchecked")
    private static int count(CheckResult r, String type) {
        return (Integer) ((Map<String, Object>) r.fields().get(type)).get("count");
    }

    private static void failsWith(CheckResult r, String... types) {
        assertEquals(Validity.FALSE, r.valid(), r.fields().toString());
        assertEquals(List.of(types), types(r, "bad-error-types"), r.fields().toString());
    }

    @Test
    void aLogEveryPollerReadsInOrderIsValid() {
        send(0, "7", 1, 0).send(1, "7", 2, 1).poll(0, "7", "[0,1],[1,2]").poll(1, "7", "[0,1]").poll(1, "7", "[1,2]");
        CheckResult r = check();
        assertEquals(Validity.TRUE, r.valid(), r.fields().toString());
        assertEquals(List.of(), types(r, "error-types"));
    }

    @Test
    void twoMessagesAtOneOffsetAreInconsistentOffsets() {
        send(0, "7", 1, 0).send(1, "7", 2, 0).poll(0, "7", "[0,1]").poll(1, "7", "[0,2]");
        CheckResult r = check();
        failsWith(r, "inconsistent-offsets");
        assertEquals(1, count(r, "inconsistent-offsets"));
        assertEquals(Map.of("inconsistent-offsets", "key 7 offset 0 holds [1, 2]"), r.extraFindings().get("first-case"));
    }

    @Test
    void oneMessageAtTwoOffsetsIsADuplicate() {
        send(0, "7", 1, 0).send(0, "7", 2, 2).poll(0, "7", "[0,1],[1,1],[2,2]");
        // The message's later offset is its index, so the poll that reads both copies goes back:
        // Maelstrom's duplicate run reports int-nonmonotonic-poll beside duplicate too.
        failsWith(check(), "duplicate", "int-nonmonotonic-poll");
    }

    @Test
    void aPollThatJumpsOverAKnownMessageIsAnIntPollSkip() {
        send(0, "7", 1, 0).send(0, "7", 2, 1).send(0, "7", 3, 2).poll(1, "7", "[0,1],[1,2],[2,3]").poll(2, "7", "[0,1],[2,3]");
        failsWith(check(), "int-poll-skip");
    }

    @Test
    void aPollThatGoesBackIsAnIntNonmonotonicPoll() {
        send(0, "7", 1, 0).send(0, "7", 2, 1).poll(1, "7", "[0,1],[1,2]").poll(2, "7", "[1,2],[0,1]");
        failsWith(check(), "int-nonmonotonic-poll");
    }

    @Test
    void aProcessWhoseNextPollSkipsAMessageIsAPollSkip() {
        send(0, "7", 1, 0).send(0, "7", 2, 1).send(0, "7", 3, 2).poll(1, "7", "[0,1],[1,2],[2,3]");
        poll(2, "7", "[0,1]").poll(2, "7", "[2,3]");
        CheckResult r = check();
        failsWith(r, "poll-skip");
        assertEquals(1, count(r, "poll-skip"));
    }

    @Test
    void aProcessWhoseNextPollRereadsIsANonmonotonicPoll() {
        send(0, "7", 1, 0).send(0, "7", 2, 1).poll(2, "7", "[0,1],[1,2]").poll(2, "7", "[1,2]");
        failsWith(check(), "nonmonotonic-poll");
    }

    @Test
    void anAssignWithoutTheKeyForgetsWhereTheProcessWas() {
        send(0, "7", 1, 0).send(0, "7", 2, 1).send(0, "7", 3, 2).poll(1, "7", "[0,1],[1,2],[2,3]");
        poll(2, "7", "[0,1]").assign(2, "[\"8\"]").poll(2, "7", "[2,3]");
        assertEquals(Validity.TRUE, check().valid());
    }

    @Test
    void aProcessWhoseSendLandsBeforeItsLastIsANonmonotonicSend() {
        send(0, "7", 1, 1).send(0, "7", 2, 0).poll(1, "7", "[0,2],[1,1]");
        failsWith(check(), "nonmonotonic-send");
    }

    @Test
    void anAcknowledgedMessageBelowOnePolledIsALostWriteAndUnseen() {
        send(0, "7", 1, 0).send(0, "7", 2, 1).poll(1, "7", "[1,2]");
        CheckResult r = check();
        failsWith(r, "lost-write", "unseen");
        @SuppressWarnings("unchecked")
        Map<String, Object> unseen = (Map<String, Object>) r.fields().get("unseen");
        assertEquals(Map.of("7", 1), unseen.get("unseen"));
        assertEquals(Map.of("7", List.of(1L)), unseen.get("messages"));
    }

    @Test
    void anAcknowledgedMessageAfterTheLastPollIsOnlyUnseen() {
        send(0, "7", 1, 0).poll(1, "7", "[0,1]").send(0, "7", 2, 1);
        failsWith(check(), "unseen");
    }

    @Test
    void aPolledMessageWhoseSendFailedIsG1a() {
        h.at(t++).invoke(0, "send", "[[\"send\",\"7\",1]]").at(t++).fail(0, "send", "[[\"send\",\"7\",1]]");
        poll(1, "7", "[0,1]");
        send(0, "8", 1, 0).poll(1, "8", "[0,1]");
        failsWith(check(), "G1a");
    }

    @Test
    void aKeyFirstPolledInTheLastOpCountsWhatItPolledAsUnseen() {
        // Jepsen's unseen merges the sent and polled maps key by key, so a key only polled, and
        // first in the last ok op, keeps what was polled.
        h.at(t++).invoke(0, "send", "[[\"send\",\"7\",1]]").at(t++).info(0, "send", "[[\"send\",\"7\",1]]");
        poll(1, "7", "[0,1]");
        failsWith(check(), "unseen");
    }

    @Test
    void aPollThatReadsASendInvokedAfterThePollEndedIsAG1cRealtimeCycle() {
        h.at(1).invoke(1, "poll", "[[\"poll\"]]").at(2).ok(1, "poll", "[[\"poll\",{\"7\":[[0,1]]}]]");
        h.at(3).invoke(0, "send", "[[\"send\",\"7\",1]]").at(4).ok(0, "send", "[[\"send\",\"7\",[0,1]]]");
        CheckResult r = check();
        failsWith(r, "G1c-realtime");
        assertTrue(((String) ((Map<?, ?>) r.extraFindings().get("first-case")).get("G1c-realtime"))
                .contains("which was polled by"));
    }

    @Test
    void aPolledMessageNobodySentMakesTheCheckThrow() {
        poll(1, "7", "[0,1]");
        IllegalStateException e = assertThrows(IllegalStateException.class, this::check);
        assertTrue(e.getMessage().startsWith("no-writer-of-value"), e.getMessage());
    }

    @Test
    void clojureHashOrderPicksTheSameFirstMessageJepsenDoes() {
        assertEquals(0, KafkaLogs.clojureHash(0));
        // (hash 1) in Clojure is 1392991556.
        assertEquals(1392991556, KafkaLogs.clojureHash(1));
    }
}
