package com.example.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import glomers.core.Log;
import glomers.core.StdioRuntime;
import glomers.core.StreamLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's way to test a node: lines in, the exact lines out. */
class EchoTest {

    @Test
    void echoesWhatItIsSent() {
        String in = """
                {"src":"c0","dest":"n1","body":{"type":"init","msg_id":1,"node_id":"n1","node_ids":["n1"]}}
                {"src":"c1","dest":"n1","body":{"type":"echo","msg_id":2,"echo":"hi"}}
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdioRuntime.run(new Echo(), List.of(), new ByteArrayInputStream(in.getBytes(UTF_8)), out,
                new StreamLog(System.err::println, Log.Level.INFO, StreamLog.Format.PLAIN));
        assertEquals("""
                {"src":"n1","dest":"c0","body":{"type":"init_ok","in_reply_to":1}}
                {"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":"hi","in_reply_to":2}}
                """, out.toString(UTF_8));
    }
}
