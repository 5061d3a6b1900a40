package glomers.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import glomers.core.Bodies;
import glomers.core.MalformedMessageException;
import glomers.core.Message;
import glomers.core.MessageCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The txn store's registers are a join semilattice (last writer wins by Lamport tuple), so
 * replicas converge whatever order, repetition or batching the deltas arrive in.
 */
class RegistersPropertiesTest {

    /** Registers from (key 0..7, counter 1..20, node 0..2) writes, each writing a value unique to its version. */
    private static Gen<Registers> registers() {
        return lists().of(integers().between(0, 8 * 20 * 3 - 1)).ofSizeBetween(0, 30).map(RegistersPropertiesTest::ofCodes);
    }

    private static Registers join(Registers a, Registers b) {
        Registers j = new Registers();
        j.merge(a);
        j.merge(b);
        return j;
    }

    @Test
    void mergeIsCommutativeAssociativeAndIdempotent() {
        qt().forAll(registers(), registers(), registers()).checkAssert((a, b, c) -> {
            assertEquals(join(a, b), join(b, a));
            assertEquals(join(join(a, b), c), join(a, join(b, c)));
            assertEquals(a, join(a, a));
        });
    }

    @Test
    void minusAndForgetAgreeWithMerge() {
        qt().forAll(registers(), registers()).checkAssert((a, b) -> {
            assertEquals(join(a, b), join(b, a.minus(b)));
            Registers rest = join(a, b).minus(new Registers());
            rest.forget(a);
            assertEquals(join(a, b).minus(a), rest);
        });
    }

    @Test
    void deltasInAnyOrderWithDuplicatesConverge() {
        qt().forAll(lists().of(integers().between(0, 8 * 20 * 3 - 1)).ofSizeBetween(1, 40), longs().all())
                .checkAssert((codes, seed) -> {
                    List<Registers> deltas = new ArrayList<>();
                    for (int code : codes) {
                        deltas.add(ofCodes(List.of(code)));
                    }
                    Registers inOrder = new Registers();
                    deltas.forEach(inOrder::merge);
                    Random random = new Random(seed);
                    List<Registers> shuffled = new ArrayList<>(deltas);
                    shuffled.addAll(deltas.subList(0, random.nextInt(deltas.size())));
                    Collections.shuffle(shuffled, random);
                    Registers replica = new Registers();
                    shuffled.forEach(replica::merge);
                    assertEquals(inOrder, replica);
                });
    }

    @Test
    void anIntegerKeyIsOneKeyWhicheverNodeTypeCarriesItAndTextIsAnother() {
        Registers r = new Registers();
        r.put(new Registers.Register(IntNode.valueOf(1), IntNode.valueOf(10), new Version(1, 0)));
        r.put(new Registers.Register(LongNode.valueOf(1), IntNode.valueOf(11), new Version(2, 0)));
        assertEquals(11, r.get(IntNode.valueOf(1)).value().intValue());
        assertNull(r.get(Bodies.nodes().textNode("1")));
    }

    @Test
    void travelsAsJsonAndRefusesMalformedRegisters() throws MalformedMessageException {
        Registers r = ofCodes(List.of(1, 77, 300));
        var body = Bodies.of("gossip");
        body.set("v", r.toJson());
        JsonNode round = MessageCodec.parse(MessageCodec.encode(new Message("n0", "n1", body))).body().get("v");
        assertEquals(r.toString(), Registers.fromJson(round).toString());
        JsonNode bad = MessageCodec.parse("{\"src\":\"n0\",\"dest\":\"n1\",\"body\":{\"type\":\"gossip\","
                + "\"v\":[[1,2,\"three\",0]]}}").body().get("v");
        assertThrows(IllegalArgumentException.class, () -> Registers.fromJson(bad));
    }

    /** Code c writes key c % 8 at version (c / 8 % 20 + 1, c / 160), a value unique to that version. */
    private static Registers ofCodes(List<Integer> codes) {
        Registers registers = new Registers();
        for (int code : codes) {
            Version version = new Version(code / 8 % 20 + 1, code / 160);
            registers.put(new Registers.Register(Bodies.nodes().numberNode(code % 8),
                    Bodies.nodes().numberNode(version.counter() * 10 + version.node()), version));
        }
        return registers;
    }
}
