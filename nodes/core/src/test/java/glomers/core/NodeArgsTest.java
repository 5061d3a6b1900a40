package glomers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeArgsTest {

    private static final List<String> KEYS = List.of("mode", "gossip-ms");

    @Test
    void readsKeyValueWordsWithOrWithoutDashesAndFallsBackToDefaults() throws RpcError {
        NodeArgs args = NodeArgs.parse(List.of("mode=seq-kv", "--gossip-ms=250"), KEYS);
        assertEquals("seq-kv", args.oneOf("mode", "crdt", List.of("crdt", "seq-kv")));
        assertEquals(250_000_000L, args.positiveMillis("gossip-ms", 1000));
        NodeArgs none = NodeArgs.parse(List.of(), KEYS);
        assertEquals("crdt", none.oneOf("mode", "crdt", List.of("crdt", "seq-kv")));
        assertEquals(1_000_000_000L, none.positiveMillis("gossip-ms", 1000));
    }

    @Test
    void refusesUnknownKeysBareWordsAndBadValuesWithError12NamingTheValidOnes() throws RpcError {
        RpcError unknown = assertThrows(RpcError.class, () -> NodeArgs.parse(List.of("gosip-ms=5"), KEYS));
        assertEquals(12, unknown.code());
        assertTrue(unknown.text().contains("mode, gossip-ms"), unknown.text());
        assertThrows(RpcError.class, () -> NodeArgs.parse(List.of("seq-kv"), KEYS));
        NodeArgs bad = NodeArgs.parse(List.of("mode=fast", "gossip-ms=0"), KEYS);
        assertThrows(RpcError.class, () -> bad.oneOf("mode", "crdt", List.of("crdt", "seq-kv")));
        assertThrows(RpcError.class, () -> bad.positiveMillis("gossip-ms", 1000));
        for (String ms : List.of("-5", "1.5", "ten", "9999999999999")) {
            NodeArgs odd = NodeArgs.parse(List.of("gossip-ms=" + ms), KEYS);
            assertThrows(RpcError.class, () -> odd.positiveMillis("gossip-ms", 1000), ms);
        }
    }
}
