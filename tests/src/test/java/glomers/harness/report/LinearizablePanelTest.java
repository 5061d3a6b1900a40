package glomers.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.check.CheckResult;
import glomers.harness.check.RunFacts;
import glomers.harness.check.linear.LinearizableChecker;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** lin-kv's panel draws the failing key around where the search got stuck. */
class LinearizablePanelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void add(History h, long process, Op.Type type, String f, String value) throws Exception {
        h.add(process, type, f, JSON.readTree(value), h.size() * 10_000_000L, false, null);
    }

    @Test
    void aStaleReadIsDrawnRedAfterTheWritesThatMakeItStale() throws Exception {
        History h = new History();
        add(h, 0, Op.Type.INVOKE, "write", "[0,1]");
        add(h, 0, Op.Type.OK, "write", "[0,1]");
        add(h, 1, Op.Type.INVOKE, "write", "[0,2]");
        add(h, 1, Op.Type.OK, "write", "[0,2]");
        add(h, 2, Op.Type.INVOKE, "read", "[0,null]");
        add(h, 3, Op.Type.INVOKE, "cas", "[0,[2,3]]");
        add(h, 2, Op.Type.OK, "read", "[0,1]");
        RunFacts.NetCounts zero = new RunFacts.NetCounts(0, 0, 0);
        CheckResult r = new LinearizableChecker().check(h, new RunFacts(zero, zero, zero, Optional.empty()));
        JsonNode check = JSON.valueToTree(Map.of("checker", "linearizable", "fields", r.fields()));
        StringBuilder html = new StringBuilder();
        WorkloadPanels.write(html, check, JSON.createObjectNode(), h.ops());
        String page = html.toString();
        assertTrue(page.contains("data-linearizable-key=\"0\""), page);
        assertTrue(page.contains("key 0: p2 read 1"), page);
        assertEquals(4, count(page, "<rect "), "two writes, the never-completed cas, the read: " + page);
        assertTrue(page.contains("1. write 1 ⇒ 1") && page.contains("2. write 2 ⇒ 2")
                && page.contains("3. cas 2→3 ⇒ 3"), page);
        assertTrue(page.contains("fill=\"#f08080\" stroke=\"#555\"><title>cannot-linearize: read 1"), page);
        assertTrue(page.contains("the register holds 2 or 3"), page);
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
