package glomers.harness.check.linear;

import com.fasterxml.jackson.databind.JsonNode;
import glomers.harness.check.ClojureValues;
import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a lin-kv history into one register history per key (jepsen.independent: values are
 * {@code [key, value]} tuples) and preprocesses each as Knossos does: an invocation is paired
 * with its process's next completion; an ok op takes the completion's value; a :fail op is
 * dropped (a definite failure asserts nothing); an :info op, or one never completed, keeps its
 * invocation's value and may happen at any time after it, or never; a read of nil is dropped,
 * since the cas-register model accepts it in every state (so an indefinite read, whose value
 * is nil, is too). Nemesis ops are not the register's. One pass over the history: it is the
 * bulk of the memory the check touches.
 */
final class KeyHistories {

    private KeyHistories() {
    }

    /**
     * Each key's invocations and completions, in the order keys first appear; each is made a
     * {@link KeyHistory} by {@link KeyOps#build}, which the checker calls on the thread that then
     * searches that key.
     */
    static List<KeyOps> split(History history) {
        Splitter splitter = new Splitter();
        for (Op op : history.ops()) {
            if (op.isClient()) {
                splitter.take(op);
            }
        }
        return List.copyOf(splitter.keys.values());
    }

    /**
     * One op at a time, in a method of its own: a cold check spends most of its time here, and the
     * JIT compiles a method after a few hundred calls, where a loop inlined in one long call would
     * run interpreted for its first sixty thousand iterations (HotSpot's on-stack replacement
     * threshold): 0.25 s of a 0.30 s cold check of a 98,512-op history.
     */
    private static final class Splitter {
        // java.util maps, not Eclipse Collections' primitive ones: loading those costs a cold check
        // about 50 ms (a hundred interfaces), more than boxing costs even the 98,512-op history.
        final Map<Long, Pending> pending = new HashMap<>();
        final Map<ClojureValues.Key, KeyOps> keys = new LinkedHashMap<>();
        final Map<Long, KeyOps> integerKeys = new HashMap<>();

        void take(Op op) {
            if (op.isInvoke()) {
                KeyOps key = keyOf(tuple(op).get(0));
                // A key only failed ops touch is still checked (and valid), as jepsen.independent does.
                pending.put(op.process(), new Pending(key, key.invocations.size()));
                key.invocations.add(op);
                key.completions.add(null);
                return;
            }
            Pending p = pending.remove(op.process());
            if (p == null) {
                throw new IllegalArgumentException("completion without an invocation: " + op);
            }
            p.key.completions.set(p.slot, op);
        }

        private KeyOps keyOf(JsonNode k) {
            boolean integer = k.isIntegralNumber() && k.canConvertToLong();
            KeyOps key = integer ? integerKeys.get(k.longValue()) : null;
            if (key == null) {
                key = keys.computeIfAbsent(new ClojureValues.Key(k), x -> new KeyOps(k));
                if (integer) {
                    integerKeys.put(k.longValue(), key);
                }
            }
            return key;
        }
    }

    private static JsonNode tuple(Op op) {
        JsonNode tuple = op.value();
        if (tuple == null || !tuple.isArray() || tuple.size() != 2) {
            throw new IllegalArgumentException("not a [key value] tuple: " + op);
        }
        return tuple;
    }

    private record Pending(KeyOps key, int slot) {
    }

    /** One key's invocations, each with its completion (null for none yet). */
    static final class KeyOps {
        final JsonNode key;
        final List<Op> invocations = new ArrayList<>();
        final List<Op> completions = new ArrayList<>();

        KeyOps(JsonNode key) {
            this.key = key;
        }

        KeyHistory build() {
            ValueTable values = new ValueTable();
            List<RegisterOp> ops = new ArrayList<>();
            for (int i = 0; i < invocations.size(); i++) {
                add(invocations.get(i), completions.get(i), values, ops);
            }
            return new KeyHistory(key, List.copyOf(ops), values);
        }

        /** One invocation and its completion as Knossos sees them, if they assert anything (see Splitter). */
        private static void add(Op invoke, Op done, ValueTable values, List<RegisterOp> ops) {
            if (done != null && done.type() == Op.Type.FAIL) {
                return;
            }
            boolean ok = done != null && done.isOk();
            JsonNode value = tuple(ok ? done : invoke).get(1);
            int complete = ok ? done.index() : -1;
            int id = ops.size();
            switch (invoke.f()) {
                case "read" -> {
                    int v = values.id(value);
                    if (v != ValueTable.NIL) {
                        ops.add(new RegisterOp(id, invoke.index(), complete, invoke.process(), RegisterOp.Kind.READ, v, 0));
                    }
                }
                case "write" -> ops.add(new RegisterOp(id, invoke.index(), complete, invoke.process(),
                        RegisterOp.Kind.WRITE, values.id(value), 0));
                case "cas" -> {
                    if (value == null || !value.isArray() || value.size() != 2) {
                        throw new IllegalArgumentException("cas value is not [from to]: " + invoke);
                    }
                    ops.add(new RegisterOp(id, invoke.index(), complete, invoke.process(), RegisterOp.Kind.CAS,
                            values.id(value.get(0)), values.id(value.get(1))));
                }
                default -> throw new IllegalArgumentException("not a cas-register op: " + invoke);
            }
        }
    }
}
