package glomers.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.core.StdioRuntime;
import glomers.core.Log;
import glomers.core.StreamLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The echo binary's logic through the real stdio loop; lines compared as JSON trees. */
class EchoNodeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INIT = "{\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\"n0\",\"node_ids\":[\"n0\"]}}";

    static List<JsonNode> run(String... lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        StdioRuntime.run(Main.newLogic(), List.of(), new ByteArrayInputStream(in), out, new StreamLog(l -> { }, Log.Level.INFO, StreamLog.Format.PLAIN));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"));
        List<JsonNode> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            result.add(JSON.readTree(line));
        }
        return result;
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Please echo 35\"", "35", "3.0", "null", "{\"a\":[1,{\"b\":null}]}", "[]", "\"\\u00e9\\ud83d\\ude00\"", "12345678901234567890123"})
    void echoOkHasExactlyTypeEchoAndInReplyTo(String value) throws IOException {
        List<JsonNode> out = run(INIT, "{\"id\":4,\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"msg_id\":1,\"echo\":" + value + "}}");
        assertEquals(List.of(
                JSON.readTree("{\"src\":\"n0\",\"dest\":\"c0\",\"body\":{\"type\":\"init_ok\",\"in_reply_to\":1}}"),
                JSON.readTree("{\"src\":\"n0\",\"dest\":\"c1\",\"body\":{\"type\":\"echo_ok\",\"echo\":" + value + ",\"in_reply_to\":1}}")), out);
    }

    @Test
    void echoNumbersKeepTheirExactForm() throws IOException {
        // Maelstrom compares the echoed value: 3.0 must not come back as 3, nor a big integer rounded.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String line = "{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"msg_id\":1,\"echo\":[3.0,12345678901234567890123,0.1]}}";
        StdioRuntime.run(Main.newLogic(), List.of(), new ByteArrayInputStream((INIT + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8)),
                out, new StreamLog(l -> { }, Log.Level.INFO, StreamLog.Format.PLAIN));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("[3.0,12345678901234567890123,0.1]"), out::toString);
    }

    @Test
    void echoWithoutEchoFieldIsError12() throws IOException {
        List<JsonNode> out = run(INIT, "{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"msg_id\":2}}");
        JsonNode body = out.get(1).get("body");
        assertEquals("error", body.path("type").textValue());
        assertEquals(12, body.path("code").intValue());
        assertEquals(2, body.path("in_reply_to").intValue());
        assertEquals(4, body.size());
    }
}
