package glomers.harness.check.linear;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.check.CheckResult;
import glomers.harness.check.RunFacts;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.Optional;

/** Hand-written lin-kv histories: events in order, values as JSON text ({@code [key, value]}). */
final class RegisterHist {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RunFacts.NetCounts ZERO = new RunFacts.NetCounts(0, 0, 0);
    static final RunFacts NO_FACTS = new RunFacts(ZERO, ZERO, ZERO, Optional.empty());

    final History history = new History();

    RegisterHist invoke(long process, String f, String value) {
        return add(process, Op.Type.INVOKE, f, value, null);
    }

    RegisterHist ok(long process, String f, String value) {
        return add(process, Op.Type.OK, f, value, null);
    }

    RegisterHist fail(long process, String f, String value) {
        return add(process, Op.Type.FAIL, f, value, "[:precondition-failed \"no\"]");
    }

    RegisterHist info(long process, String f, String value) {
        return add(process, Op.Type.INFO, f, value, ":net-timeout");
    }

    /** An op that completes ok before the next begins. */
    RegisterHist okOp(long process, String f, String invoked, String returned) {
        return invoke(process, f, invoked).ok(process, f, returned);
    }

    RegisterHist nemesis() {
        return add(Op.NEMESIS, Op.Type.INFO, "start-partition", "\"majority\"", null);
    }

    private RegisterHist add(long process, Op.Type type, String f, String value, String error) {
        try {
            history.add(process, type, f, JSON.readTree(value), history.size() * 1_000_000L, false, error);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(value, e);
        }
        return this;
    }

    CheckResult check() {
        return new LinearizableChecker().check(history, NO_FACTS);
    }

    CheckResult check(WglSearch.Budget budget) {
        return new LinearizableChecker(budget).check(history, NO_FACTS);
    }
}
