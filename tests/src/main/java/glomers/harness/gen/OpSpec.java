package glomers.harness.gen;

import com.fasterxml.jackson.databind.JsonNode;

/** An op a generator emits, before it is invoked: Jepsen's {@code {:f :value :final?}}. */
public record OpSpec(String f, JsonNode value, boolean finalRead) {

    public static OpSpec of(String f, JsonNode value) {
        return new OpSpec(f, value, false);
    }
}
