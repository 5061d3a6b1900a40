package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UniqueIdsCheckerTest {

    private static Hist ids(String... ids) {
        Hist h = new Hist();
        for (int i = 0; i < ids.length; i++) {
            h.okOp(i, "generate", null, ids[i]);
        }
        return h;
    }

    @Test
    void distinctIdsAreValid() {
        Hist h = ids("3", "1", "2").invoke(9, "generate", null).info(9, "generate", null);
        CheckResult r = h.check(new UniqueIdsChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(4L, r.fields().get("attempted-count"));
        assertEquals(3L, r.fields().get("acknowledged-count"));
        assertEquals(0L, r.fields().get("duplicated-count"));
        assertEquals(Arrays.asList(Hist.json("1"), Hist.json("3")), r.fields().get("range"));
    }

    @Test
    void duplicatesAreInvalid() {
        CheckResult r = ids("\"a\"", "\"b\"", "\"a\"", "\"c\"", "\"a\"", "\"b\"").check(new UniqueIdsChecker());
        assertEquals(Validity.FALSE, r.valid());
        assertEquals(2L, r.fields().get("duplicated-count"));
        Map<?, ?> dups = (Map<?, ?>) r.fields().get("duplicated");
        assertEquals(List.of(Hist.json("\"a\""), Hist.json("\"b\"")), List.copyOf(dups.keySet()));
        assertEquals(3L, dups.get(Hist.json("\"a\"")));
        assertEquals(Arrays.asList(Hist.json("\"a\""), Hist.json("\"c\"")), r.fields().get("range"));
    }

    @Test
    void oneAndOnePointZeroAreNotDuplicates() {
        CheckResult r = ids("1", "1.0").check(new UniqueIdsChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(0L, r.fields().get("duplicated-count"));
    }

    @Test
    void integersOfDifferentWidthsAreDuplicates() {
        Hist h = new Hist();
        JsonNode small = IntNode.valueOf(5);
        JsonNode wide = LongNode.valueOf(5);
        h.history.add(0, glomers.harness.history.Op.Type.INVOKE, "generate", null, 0, false, null);
        h.history.add(0, glomers.harness.history.Op.Type.OK, "generate", small, 1, false, null);
        h.history.add(1, glomers.harness.history.Op.Type.INVOKE, "generate", null, 2, false, null);
        h.history.add(1, glomers.harness.history.Op.Type.OK, "generate", wide, 3, false, null);
        assertEquals(Validity.FALSE, h.check(new UniqueIdsChecker()).valid());
    }

    @Test
    void aStringAndANumberAreNotDuplicatesButCannotBeRanged() {
        CheckResult r = ids("1", "\"1\"").check(new UniqueIdsChecker());
        assertEquals(0L, r.fields().get("duplicated-count"));
        assertEquals(Validity.UNKNOWN, r.valid());
    }

    @Test
    void objectIdsCannotBeRanged() {
        assertEquals(Validity.UNKNOWN, ids("{\"n\":1}", "{\"n\":2}").check(new UniqueIdsChecker()).valid());
        // a single object is never compared with anything
        assertEquals(Validity.TRUE, ids("{\"n\":1}").check(new UniqueIdsChecker()).valid());
    }

    @Test
    void mixedIntegersAndFloatsRangeByValue() {
        CheckResult r = ids("2", "0.5", "7").check(new UniqueIdsChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(Arrays.asList(Hist.json("0.5"), Hist.json("7")), r.fields().get("range"));
    }

    @Test
    void noAcksGiveANilRange() {
        CheckResult r = new Hist().invoke(0, "generate", null).fail(0, "generate", null).check(new UniqueIdsChecker());
        assertEquals(Validity.TRUE, r.valid());
        assertEquals(Arrays.asList(null, null), r.fields().get("range"));
    }

    @Test
    void atMost48DuplicatesAreShown() {
        String[] values = new String[120];
        for (int i = 0; i < 60; i++) {
            values[2 * i] = "" + i;
            values[2 * i + 1] = "" + i;
        }
        CheckResult r = ids(values).check(new UniqueIdsChecker());
        assertEquals(60L, r.fields().get("duplicated-count"));
        assertEquals(48, ((Map<?, ?>) r.fields().get("duplicated")).size());
    }
}
