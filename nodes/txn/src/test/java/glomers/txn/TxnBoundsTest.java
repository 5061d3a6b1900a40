package glomers.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import glomers.core.Log;
import glomers.core.MalformedMessageException;
import glomers.core.Message;
import glomers.core.MessageCodec;
import glomers.core.NodeHost;
import glomers.core.StreamLog;
import glomers.core.SystemClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The txn node keeps a bounded number of registers; a transaction writing past them is refused, nothing written. */
class TxnBoundsTest {

    private final List<Message> sent = new ArrayList<>();
    private int msgId = 1;

    private Message deliver(NodeHost host, String body) {
        try {
            host.onMessage(MessageCodec.parse("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":" + body + ",\"msg_id\":"
                    + msgId++ + "}}"));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
        return sent.get(sent.size() - 1);
    }

    private static String writes(int from, int to) {
        StringBuilder txn = new StringBuilder("{\"type\":\"txn\",\"txn\":[");
        for (int k = from; k < to; k++) {
            txn.append(k == from ? "" : ",").append("[\"w\",").append(k).append(',').append(k).append(']');
        }
        return txn.append(']').toString();
    }

    @Test
    void aTransactionWritingPastTheBoundIsRefusedWithADefinite11AndWritesNothing() {
        NodeHost host = new NodeHost(Main.newLogic(), SystemClock.REAL, new SplittableRandom(2), sent::add,
                new StreamLog(line -> { }, Log.Level.WARN, StreamLog.Format.PLAIN), List.of("metrics-ms=0"));
        deliver(host, "{\"type\":\"init\",\"node_id\":\"n0\",\"node_ids\":[\"n0\",\"n1\"]");
        int perTxn = 1_000;
        for (int k = 0; k < TxnNode.MAX_KEYS; k += perTxn) {
            assertEquals("txn_ok", deliver(host, writes(k, k + perTxn)).body().path("type").asText());
        }
        // Rewrites one key it holds, and adds one past the bound: all or nothing.
        Message refused = deliver(host, writes(TxnNode.MAX_KEYS - 1, TxnNode.MAX_KEYS + 1));
        assertEquals(11, refused.body().path("code").asInt(), refused::toString);
        Message read = deliver(host, "{\"type\":\"txn\",\"txn\":[[\"r\"," + (TxnNode.MAX_KEYS - 1) + ",null],[\"r\","
                + TxnNode.MAX_KEYS + ",null]]");
        assertEquals("[[\"r\",199999,199999],[\"r\",200000,null]]", read.body().path("txn").toString(),
                "the refused transaction wrote nothing");
        assertEquals("txn_ok", deliver(host, writes(5, 6)).body().path("type").asText(), "a key it holds takes writes");
    }
}
