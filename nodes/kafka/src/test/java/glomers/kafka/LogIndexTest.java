package glomers.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

class LogIndexTest {

    private static Command send(String key, int msg, String id) {
        return new Command.Send(key, IntNode.valueOf(msg), id);
    }

    @Test
    void offsetsAreDensePerKeyAndATruncationTakesThemBack() {
        LogIndex index = new LogIndex();
        index.appended(1, send("a", 10, "c1 1"));
        index.appended(2, send("b", 20, "c1 2"));
        index.appended(3, send("a", 11, "c1 3"));
        assertEquals(1, index.offsetAt("a", 3));
        assertEquals(3, index.indexOfOffset("a", 1));
        index.removed(3, send("a", 11, "c1 3"));
        assertEquals(0, index.requestIds().indexOf("c1 3"));
        assertEquals(2, index.requestIds().indexOf("c1 2"));
        index.appended(3, send("a", 12, "c1 4"));
        assertEquals(1, index.offsetAt("a", 3));
        assertEquals(2, index.sendCount("a"));
        assertEquals(2, index.keyCount());
    }

    @Test
    void anEvictedEntrysRequestIdLeavesButItsOffsetStays() {
        LogIndex index = new LogIndex();
        index.appended(1, send("a", 10, "c1 1"));
        index.appended(2, send("a", 11, "c1 2"));
        index.evicted(1, send("a", 10, "c1 1"));
        assertEquals(0, index.requestIds().indexOf("c1 1"));
        assertEquals(2, index.requestIds().indexOf("c1 2"));
        assertEquals(0, index.offsetAt("a", 1));
        assertEquals(1, index.indexOfOffset("a", 0));
    }

    @Test
    void aDuplicateRequestKeepsTheIndexOfItsFirstCopy() {
        LogIndex index = new LogIndex();
        index.appended(1, send("a", 10, "c1 1"));
        index.appended(2, send("a", 10, "c1 1"));
        index.removed(2, send("a", 10, "c1 1"));
        assertEquals(1, index.requestIds().indexOf("c1 1"), "removing the second copy leaves the first's index");
    }
}
