package glomers.harness.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import glomers.harness.history.Op;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonNode INVOKED = TextNode.valueOf("Please echo 7");
    private static final ReplySchema ECHO_OK = ReplySchema.of("echo_ok", "echo", ReplySchema.ANY);

    private static Outcome.Rules rules(boolean withErrors, boolean idempotent) {
        return new Outcome.Rules(withErrors, idempotent, ECHO_OK, reply -> reply);
    }

    private static ObjectNode ok() {
        return JSON.objectNode().put("type", "echo_ok").put("echo", "Please echo 7").put("in_reply_to", 1);
    }

    private static ObjectNode error(int code) {
        return JSON.objectNode().put("type", "error").put("code", code).put("text", "no").put("in_reply_to", 1);
    }

    @Test
    void aFittingReplyIsOk() {
        Outcome o = Outcome.of(rules(true, false), INVOKED, ok().put("msg_id", 3));
        assertEquals(Op.Type.OK, o.type());
        assertEquals("Please echo 7", o.value().get("echo").asText());
    }

    @Test
    void timeoutIsInfoUnlessIdempotent() {
        assertEquals(Op.Type.INFO, Outcome.of(rules(true, false), INVOKED, null).type());
        assertEquals(Op.Type.FAIL, Outcome.of(rules(true, true), INVOKED, null).type());
        assertEquals(Op.Type.INFO, Outcome.of(rules(false, true), INVOKED, null).type(), "no with-errors");
    }

    @Test
    void definiteErrorFailsIndefiniteIsInfo() {
        for (int code : new int[] {1, 10, 11, 12, 14, 20, 21, 22, 30}) {
            Outcome o = Outcome.of(rules(true, false), INVOKED, error(code));
            assertEquals(Op.Type.FAIL, o.type(), "code " + code);
            assertEquals(INVOKED, o.value(), "a failed op keeps its invoked value");
        }
        for (int code : new int[] {0, 13, 1000, 42}) {
            assertEquals(Op.Type.INFO, Outcome.of(rules(true, false), INVOKED, error(code)).type(), "code " + code);
        }
        assertTrue(Outcome.of(rules(true, false), INVOKED, error(1000)).error().contains(":unknown"));
        assertEquals(Op.Type.FAIL, Outcome.of(rules(true, true), INVOKED, error(13)).type(), "idempotent");
        assertEquals(Op.Type.INFO, Outcome.of(rules(false, false), INVOKED, error(30)).type(), "no with-errors");
    }

    @Test
    void malformedReplyIsInfo() {
        ObjectNode extra = ok().put("note", "hi");
        ObjectNode wrongType = ok().put("type", "echo_OK");
        ObjectNode missing = JSON.objectNode().put("type", "echo_ok").put("in_reply_to", 1);
        ObjectNode floatId = ok().put("msg_id", 3.0);
        for (ObjectNode bad : new ObjectNode[] {extra, wrongType, missing, floatId}) {
            Outcome o = Outcome.of(rules(true, true), INVOKED, bad);
            assertEquals(Op.Type.INFO, o.type(), bad.toString());
            assertTrue(o.error().startsWith("[:malformed-rpc-response"), o.error());
        }
    }
}
