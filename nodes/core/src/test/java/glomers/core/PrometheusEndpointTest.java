package glomers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** metrics-port=N: the node's metrics in Prometheus's text format on the loopback, while it runs. */
@Timeout(30)
class PrometheusEndpointTest {

    @Test
    void aRunningNodeServesItsMetricsAndStopsServingWhenStdinEnds() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(feed, 1 << 16);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        NodeLogic echo = (env, handlers) -> handlers.on("echo", r -> r.reply(Bodies.of("echo_ok")));
        Thread node = new Thread(() -> StdioRuntime.run(echo, List.of("metrics-port=" + port), in,
                new ByteArrayOutputStream(), new StreamLog(log::add, Log.Level.INFO, StreamLog.Format.JSON)));
        node.start();
        feed.write((Lines.INIT + "\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            feed.write((Lines.request("c1", "echo", 10 + i, "") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        feed.flush();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        String text = "";
        for (int attempt = 0; attempt < 100 && !text.contains("type=\"echo\"} 5"); attempt++) {
            text = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            Thread.sleep(20);
        }
        assertTrue(text.contains("glomers_messages_in_total{node=\"n1\",type=\"echo\"} 5"), text);
        assertTrue(text.contains("glomers_messages_out_total{node=\"n1\",type=\"echo_ok\"} 5"), text);
        assertTrue(text.contains("# TYPE glomers_handler_microseconds summary"), text);
        assertTrue(text.contains("glomers_rpc_pending{node=\"n1\"} 0"), text);
        feed.close();
        node.join(10_000);
        assertTrue(!node.isAlive(), "the loop ended with stdin");
        assertThrowsIo(http, get);
    }

    @Test
    void aPortInUseIsLoggedAndTheNodeRunsOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<String> log = new ArrayList<>();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String input = Lines.INIT + "\n" + Lines.request("c1", "echo", 2, "") + "\n";
            StdioRuntime.run((env, handlers) -> handlers.on("echo", r -> r.reply(Bodies.of("echo_ok"))),
                    List.of("metrics-port=" + taken.getLocalPort()),
                    new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                    new StreamLog(log::add, Log.Level.INFO, StreamLog.Format.JSON));
            assertTrue(log.stream().anyMatch(l -> l.contains("\"event\":\"metrics-port-failed\"")), log::toString);
            assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().count(), "init_ok and echo_ok all the same");
        }
    }

    @Test
    void badPortsFailInit() {
        assertTrue(CoreArgs.parse(List.of("metrics-port=70000")).error.contains("bad metrics-port '70000'"));
        assertEquals(9090, CoreArgs.parse(List.of("metrics-port=9090")).metricsPort);
        assertEquals(0, CoreArgs.parse(List.of()).metricsPort);
    }

    private static void assertThrowsIo(HttpClient http, HttpRequest get) throws InterruptedException {
        try {
            http.send(get, HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("still serving after the node ended");
        } catch (IOException expected) {
            // nothing listens any more
        }
    }
}
