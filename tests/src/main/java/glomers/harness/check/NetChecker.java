package glomers.harness.check;

import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maelstrom's net checker ({@code maelstrom.net.checker}): always valid; reports, for all
 * messages, client messages and server messages, {@code send-count}, {@code recv-count} and
 * {@code msg-count} (distinct messages). For {@code all} and {@code servers} it adds
 * {@code msgs-per-op} = msg-count / client invocations (every non-nemesis invoke, final reads
 * included), omitted as in Maelstrom when there were no invocations. Maelstrom computes that
 * ratio as a single-precision float; it is reported here as a double.
 */
public final class NetChecker implements Checker {

    public NetChecker() {
    }

    @Override
    public String name() {
        return "net";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        long opCount = 0;
        for (Op op : history.ops()) {
            if (op.isClient() && op.isInvoke()) {
                opCount++;
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("all", group(facts.all(), opCount, true));
        fields.put("clients", group(facts.clients(), opCount, false));
        fields.put("servers", group(facts.servers(), opCount, true));
        fields.put("valid?", Boolean.TRUE);
        return CheckResult.of(name(), Validity.TRUE, fields);
    }

    private static Map<String, Object> group(RunFacts.NetCounts c, long opCount, boolean perOp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("send-count", c.sendCount());
        m.put("recv-count", c.recvCount());
        m.put("msg-count", c.msgCount());
        if (perOp && opCount > 0) {
            m.put("msgs-per-op", (double) c.msgCount() / opCount);
        }
        return m;
    }
}
