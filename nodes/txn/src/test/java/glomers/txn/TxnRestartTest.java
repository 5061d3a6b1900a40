package glomers.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import glomers.core.Log;
import glomers.core.MalformedMessageException;
import glomers.core.Message;
import glomers.core.MessageCodec;
import glomers.core.NodeHost;
import glomers.core.Storage;
import glomers.core.StreamLog;
import glomers.core.SystemClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A restarted txn node never gives a transaction a version below one it acknowledged before:
 * with data=DIR its clock starts above the floor it kept on disk, even when no peer answers its
 * start-up sync (here: no peer answers anything).
 */
class TxnRestartTest {

    /** Small files only, kept across "restarts" as a disk would keep them. */
    private final Map<String, byte[]> disk = new HashMap<>();
    private final List<Message> sent = new ArrayList<>();
    private int msgId = 1;

    private final class SmallFiles implements Storage {
        private final String dir;

        SmallFiles(String dir) {
            this.dir = dir;
        }

        @Override
        public List<Record> recover(String file) {
            throw new UnsupportedOperationException("no record files here");
        }

        @Override
        public long append(String file, byte[] record) {
            throw new UnsupportedOperationException("no record files here");
        }

        @Override
        public byte[] readRecord(String file, long position) {
            throw new UnsupportedOperationException("no record files here");
        }

        @Override
        public void sync() {
        }

        @Override
        public byte[] read(String file) {
            return disk.get(dir + "/" + file);
        }

        @Override
        public void replace(String file, byte[] contents) {
            disk.put(dir + "/" + file, contents.clone());
        }

        @Override
        public void delete(String file) {
            disk.remove(dir + "/" + file);
        }
    }

    private TxnNode start(List<String> args) {
        TxnNode node = new TxnNode();
        NodeHost host = new NodeHost(node, SystemClock.REAL, new SplittableRandom(3), sent::add,
                new StreamLog(line -> { }, Log.Level.WARN, StreamLog.Format.PLAIN), args, SmallFiles::new);
        deliver(host, "{\"type\":\"init\",\"node_id\":\"n1\",\"node_ids\":[\"n0\",\"n1\"]");
        for (int i = 0; i < 5; i++) {
            Message reply = deliver(host, "{\"type\":\"txn\",\"txn\":[[\"w\",1," + i + "]]");
            assertEquals("txn_ok", reply.body().path("type").asText(), reply::toString);
        }
        return node;
    }

    private Message deliver(NodeHost host, String body) {
        try {
            host.onMessage(MessageCodec.parse("{\"src\":\"c1\",\"dest\":\"n1\",\"body\":" + body + ",\"msg_id\":"
                    + msgId++ + "}}"));
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
        return sent.get(sent.size() - 1);
    }

    @Test
    void onItsDataDirectoryARestartedNodeVersionsAboveEverythingItAcknowledged() {
        List<String> args = List.of("metrics-ms=0", "data=txn");
        long before = start(args).clock();
        long after = start(args).clock();
        assertTrue(after > before, "clock after the restart " + after + " is not above " + before);
    }

    @Test
    void withoutOneAndWithoutPeersItStartsOverFromNothing() {
        List<String> args = List.of("metrics-ms=0");
        assertEquals(start(args).clock(), start(args).clock(), "five transactions each, from zero: the same versions");
    }
}
