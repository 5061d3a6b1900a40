package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EchoCheckerTest {

    private static final String ASKED = "\"Please echo 7\"";

    @Test
    void matchingEchoesAreValid() {
        Hist h = new Hist()
                .okOp(0, "echo", ASKED, "{\"type\":\"echo_ok\",\"echo\":" + ASKED + ",\"in_reply_to\":1}")
                .okOp(1, "echo", "\"Please echo 8\"", "{\"type\":\"echo_ok\",\"echo\":\"Please echo 8\"}");
        CheckResult r = h.check(new EchoChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(List.of(), r.fields().get("errors"));
    }

    @Test
    void aWrongEchoIsAnError() {
        Hist h = new Hist()
                .okOp(0, "echo", ASKED, "{\"type\":\"echo_ok\",\"echo\":\"Please echo 8\"}")
                .okOp(1, "echo", ASKED, "{\"type\":\"echo_ok\"}");
        CheckResult r = h.check(new EchoChecker());
        assertEquals(Validity.FALSE, r.valid());
        List<?> errors = (List<?>) r.fields().get("errors");
        assertEquals(2, errors.size());
        List<?> first = (List<?>) errors.get(0);
        assertEquals("Expected a message with :echo", first.get(0));
        assertEquals(Hist.json(ASKED), first.get(1));
        assertEquals(Hist.json("{\"type\":\"echo_ok\",\"echo\":\"Please echo 8\"}"), first.get(3));
    }

    @Test
    void aFailIsAnError() {
        Hist h = new Hist()
                .okOp(0, "echo", ASKED, "{\"echo\":" + ASKED + "}")
                .invoke(1, "echo", ASKED).fail(1, "echo", ASKED);
        CheckResult r = h.check(new EchoChecker());
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(1, ((List<?>) r.fields().get("errors")).size());
    }

    @Test
    void infoAndUnfinishedOpsAreSkipped() {
        Hist h = new Hist()
                .okOp(0, "echo", ASKED, "{\"echo\":" + ASKED + "}")
                .invoke(1, "echo", ASKED).info(1, "echo", ASKED)
                .invoke(2, "echo", ASKED);
        assertEquals(Validity.TRUE, h.check(new EchoChecker()).valid());
    }

    @Test
    void echoesCompareByClojureEquality() {
        // 1 = 1 whatever its JSON width, but 1 is not 1.0
        Hist same = new Hist().okOp(0, "echo", "1", "{\"echo\":1}")
                .okOp(1, "echo", "12345678901234567890", "{\"echo\":12345678901234567890}")
                .okOp(2, "echo", "[1,{\"a\":\"b\"}]", "{\"echo\":[1,{\"a\":\"b\"}]}");
        assertEquals(Validity.TRUE, same.check(new EchoChecker()).valid());
        Hist different = new Hist().okOp(0, "echo", "1", "{\"echo\":1.0}");
        assertEquals(Validity.FALSE, different.check(new EchoChecker()).valid());
    }

    @Test
    void aMalformedHistoryThrows() {
        Hist h = new Hist().invoke(0, "echo", ASKED).invoke(0, "echo", ASKED);
        assertThrows(IllegalStateException.class, () -> h.check(new EchoChecker()));
    }
}
