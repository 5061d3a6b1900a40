package com.example.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.core.Log;
import glomers.core.NodeLogic;
import glomers.core.StdioRuntime;
import glomers.core.StreamLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's snippets do what the guide says they do: lines in, the exact lines out. */
class SnippetsTest {

    private static final String INIT_N2 = "{\"src\":\"c0\",\"dest\":\"n2\",\"body\":{\"type\":\"init\",\"msg_id\":1,"
            + "\"node_id\":\"n2\",\"node_ids\":[\"n1\",\"n2\"]}}";
    private static final String INIT_OK = "{\"src\":\"n2\",\"dest\":\"c0\",\"body\":{\"type\":\"init_ok\",\"in_reply_to\":1}}";

    private static List<String> run(NodeLogic logic, List<String> args, String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = (String.join("\n", lines) + "\n").getBytes(UTF_8);
        StdioRuntime.run(logic, args, new ByteArrayInputStream(in), out,
                new StreamLog(System.err::println, Log.Level.WARN, StreamLog.Format.PLAIN));
        return List.of(out.toString(UTF_8).split("\n"));
    }

    private static String request(String type, int msgId, String fields) {
        return "{\"src\":\"c1\",\"dest\":\"n2\",\"body\":{\"type\":\"" + type + "\",\"msg_id\":" + msgId + fields + "}}";
    }

    @Test
    void aMissingKeyIsADefiniteError() {
        assertEquals(List.of(INIT_OK,
                "{\"src\":\"n2\",\"dest\":\"c1\",\"body\":{\"type\":\"write_ok\",\"in_reply_to\":2}}",
                "{\"src\":\"n2\",\"dest\":\"c1\",\"body\":{\"type\":\"read_ok\",\"value\":5,\"in_reply_to\":3}}",
                "{\"src\":\"n2\",\"dest\":\"c1\",\"body\":{\"type\":\"error\",\"code\":20,\"text\":\"no such key\","
                        + "\"in_reply_to\":4}}"),
                run(new Snippets.Registers(), List.of(), INIT_N2, request("write", 2, ",\"key\":\"a\",\"value\":5"),
                        request("read", 3, ",\"key\":\"a\""), request("read", 4, ",\"key\":\"b\"")));
    }

    @Test
    void sendsGoOutWithTheRequestTheyServeAndAnRpcGetsAMsgId() {
        assertEquals(List.of(INIT_OK,
                "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"hello\",\"from\":\"n2\",\"req\":\"c1 2\"}}",
                "{\"src\":\"n2\",\"dest\":\"c1\",\"body\":{\"type\":\"greet_ok\",\"in_reply_to\":2}}",
                "{\"src\":\"n2\",\"dest\":\"n1\",\"body\":{\"type\":\"ping\",\"msg_id\":1,\"req\":\"c1 3\"}}",
                "{\"src\":\"n2\",\"dest\":\"c1\",\"body\":{\"type\":\"check_ok\",\"in_reply_to\":3}}"),
                run(new Snippets.Forwarder(), List.of(), INIT_N2, request("greet", 2, ""), request("check", 3, ""),
                        "{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"pong\",\"in_reply_to\":1}}"));
    }

    @Test
    void aBadNodeArgumentFailsInitNamingTheValidOnes() {
        List<String> out = run(new Snippets.Configured(), List.of("mode=slow"), INIT_N2);
        assertEquals(1, out.size(), out.toString());
        assertTrue(out.get(0).contains("\"code\":12") && out.get(0).contains("valid: fast, careful"), out.get(0));
        assertEquals(List.of(INIT_OK), run(new Snippets.Configured(), List.of("mode=careful", "gossip-ms=50"), INIT_N2));
    }
}
