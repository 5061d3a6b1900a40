package glomers.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import glomers.harness.history.Op;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetCheckerTest {

    @Test
    void msgsPerOpDividesDistinctMessagesByClientInvocations() {
        Hist h = new Hist()
                .okOp(0, "broadcast", "1", "1")
                .okOp(1, "read", null, "[1]")
                .nemesis(Op.Type.INVOKE, "start-partition").nemesis(Op.Type.INFO, "start-partition")
                .okOp(2, "broadcast", "2", "2")
                .finalInvoke(0, "read").finalOk(0, "read", "[1,2]");
        RunFacts facts = new RunFacts(new RunFacts.NetCounts(100, 90, 50),
                new RunFacts.NetCounts(20, 20, 10), new RunFacts.NetCounts(80, 70, 40), Optional.empty());
        CheckResult r = h.check(new NetChecker(), facts);
        assertEquals(Validity.TRUE, r.valid());
        Map<?, ?> all = (Map<?, ?>) r.fields().get("all");
        Map<?, ?> clients = (Map<?, ?>) r.fields().get("clients");
        Map<?, ?> servers = (Map<?, ?>) r.fields().get("servers");
        assertEquals(100L, all.get("send-count"));
        assertEquals(90L, all.get("recv-count"));
        assertEquals(50L, all.get("msg-count"));
        assertEquals(12.5, all.get("msgs-per-op"));
        assertEquals(10.0, servers.get("msgs-per-op"));
        assertEquals(10L, clients.get("msg-count"));
        assertFalse(clients.containsKey("msgs-per-op"));
    }

    @Test
    void noInvocationsMeansNoMsgsPerOp() {
        RunFacts facts = new RunFacts(new RunFacts.NetCounts(4, 4, 4),
                new RunFacts.NetCounts(4, 4, 4), new RunFacts.NetCounts(0, 0, 0), Optional.empty());
        CheckResult r = new Hist().check(new NetChecker(), facts);
        assertEquals(Validity.TRUE, r.valid());
        assertFalse(((Map<?, ?>) r.fields().get("all")).containsKey("msgs-per-op"));
    }
}
