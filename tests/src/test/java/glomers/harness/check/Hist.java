package glomers.harness.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.Optional;

/** A small builder for hand-written histories: values are JSON text, times are in ms. */
final class Hist {

    static final ObjectMapper JSON = new ObjectMapper();
    static final RunFacts NO_FACTS = facts(Optional.empty());

    final History history = new History();
    private long nowNs;

    static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static RunFacts facts(Optional<String> availability) {
        RunFacts.NetCounts zero = new RunFacts.NetCounts(0, 0, 0);
        return new RunFacts(zero, zero, zero, availability);
    }

    /** Sets the time of the following events. */
    Hist at(long ms) {
        nowNs = ms * 1_000_000L;
        return this;
    }

    Hist atNs(long ns) {
        nowNs = ns;
        return this;
    }

    Hist invoke(long process, String f, String value) {
        return add(process, Op.Type.INVOKE, f, value, false, null);
    }

    Hist ok(long process, String f, String value) {
        return add(process, Op.Type.OK, f, value, false, null);
    }

    Hist fail(long process, String f, String value) {
        return add(process, Op.Type.FAIL, f, value, false, "[:error 11]");
    }

    Hist info(long process, String f, String value) {
        return add(process, Op.Type.INFO, f, value, false, "[:timeout]");
    }

    Hist finalInvoke(long process, String f) {
        return add(process, Op.Type.INVOKE, f, null, true, null);
    }

    Hist finalOk(long process, String f, String value) {
        return add(process, Op.Type.OK, f, value, true, null);
    }

    Hist finalInfo(long process, String f) {
        return add(process, Op.Type.INFO, f, null, true, "[:timeout]");
    }

    Hist nemesis(Op.Type type, String f) {
        return add(Op.NEMESIS, type, f, null, false, null);
    }

    /** An invocation and its ok completion, one ms apart. */
    Hist okOp(long process, String f, String invoked, String returned) {
        invoke(process, f, invoked);
        nowNs += 1_000_000L;
        return ok(process, f, returned);
    }

    Hist add(long process, Op.Type type, String f, String value, boolean finalRead, String error) {
        history.add(process, type, f, json(value), nowNs, finalRead, error);
        return this;
    }

    CheckResult check(Checker c) {
        return c.check(history, NO_FACTS);
    }

    CheckResult check(Checker c, RunFacts facts) {
        return c.check(history, facts);
    }
}
