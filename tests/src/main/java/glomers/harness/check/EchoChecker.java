package glomers.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.history.History;
import glomers.harness.history.Op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maelstrom's echo checker ({@code maelstrom.workload.echo/checker}): pairs each client
 * invocation with its ok or fail completion (knossos {@code pair-index}; info completions and
 * unfinished invocations are skipped) and reports every pair whose completion's {@code echo}
 * differs, by Clojure {@code =}, from the invoked value.
 *
 * <p>The completion's value is the reply body, as Maelstrom records it, so the echoed value is
 * its {@code echo} field. A fail completion carries the invoked string, which has no
 * {@code echo} field, so every fail is an error. Errors are listed in history order as
 * {@code ["Expected a message with :echo" invoked "But received" completion-value]}.
 */
public final class EchoChecker implements Checker {

    public EchoChecker() {
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public CheckResult check(History history, RunFacts facts) {
        Pairs pairs = Pairs.of(history);
        List<Op> ops = history.ops();
        List<Object> errors = new ArrayList<>();
        for (Op invoke : ops) {
            if (!invoke.isClient() || !invoke.isInvoke()) {
                continue;
            }
            int c = pairs.counterpart(invoke.index());
            if (c < 0) {
                continue;
            }
            Op complete = ops.get(c);
            if (complete.type() == Op.Type.INFO) {
                continue;
            }
            if (!ClojureValues.equiv(invoke.value(), echoed(complete.value()))) {
                errors.add(Arrays.asList("Expected a message with :echo", invoke.value(),
                        "But received", complete.value()));
            }
        }
        Validity v = Validity.of(errors.isEmpty());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("valid?", Fields.valid(v));
        fields.put("errors", errors);
        return CheckResult.of(name(), v, fields);
    }

    /** Clojure's {@code (:echo value)}: the field of a map, nil for anything else. */
    private static JsonNode echoed(JsonNode value) {
        return value != null && value.isObject() ? value.get("echo") : null;
    }
}
