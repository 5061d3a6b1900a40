package glomers.harness.check.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Wing-Gong-Lowe's linearizability search on one key, as Porcupine's {@code checkSingle}:
 * the ops' call and return entries in a doubly linked list in history order; from its head,
 * the first call entry whose op the register accepts is linearized (its entries unlinked, the
 * op pushed) and the scan restarts at the head; reaching a return entry means that op was left
 * out too long, so the last choice is undone and the scan resumes after it. A memo of every
 * (linearized set, value) tried keeps any configuration from being explored twice.
 *
 * <p>Beside Porcupine's: indefinite ops have no return entry (their return is at +infinity), so
 * the search succeeds once every ok op is linearized, whatever indefinite ops are left; an op
 * that leaves the register as it found it (a read, a cas from v to v) is linearized without a
 * choice point, since doing so as soon as it may be is never worse; the memo holds the set
 * exactly and compactly ({@link OpSet}); the state is one int, undone from the stack; and a
 * write is never placed right after an indefinite op that nothing has observed yet.
 */
final class WglSearch {

    /** Past either limit a key's verdict is unknown, never valid. */
    record Budget(long nanos, int maxMemo) {
    }

    private static final int HEAD = 0;

    private final KeyHistory history;
    private final List<RegisterOp> ops;
    private final int tail;
    private final int[] next;
    private final int[] prev;
    private final int[] entryOp;
    private final boolean[] isCall;
    private final int[] callEntry;
    private final int[] returnEntry;
    private final int[] ordinal;
    private final OpSet definite;
    private final long[] indefinite;
    private final Set<MemoKey> memo = new HashSet<>();
    private final Frontier frontier;

    private final int nDefinite;
    private int state = ValueTable.NIL;
    private Linearized top;
    private long steps;
    /** The entry the scan is at, and how many ok ops are not linearized yet. */
    private int e;
    private int remaining;

    /** A linearized op on the search's stack, with the value it found; the stack is persistent. */
    record Linearized(int op, int stateBefore, boolean forced, Linearized below) {
    }

    WglSearch(KeyHistory history) {
        this.history = history;
        this.ops = history.ops();
        int n = ops.size();
        ordinal = new int[n];
        callEntry = new int[n];
        returnEntry = new int[n];
        int nDefinite = 0;
        int nIndefinite = 0;
        // An entry is (history index, op, call?) packed in a long, so sorting is a primitive sort.
        long[] entries = new long[2 * n];
        int count = 0;
        for (RegisterOp op : ops) {
            entries[count++] = (long) op.invokeIndex() << 32 | (long) op.id() << 1 | 1;
            if (op.definite()) {
                ordinal[op.id()] = nDefinite++;
                entries[count++] = (long) op.completeIndex() << 32 | (long) op.id() << 1;
            } else {
                ordinal[op.id()] = nIndefinite++;
                returnEntry[op.id()] = -1;
            }
        }
        Arrays.sort(entries, 0, count);
        tail = count + 1;
        next = new int[tail + 1];
        prev = new int[tail + 1];
        entryOp = new int[tail + 1];
        isCall = new boolean[tail + 1];
        entryOp[HEAD] = -1;
        entryOp[tail] = -1;
        for (int x = 1; x < tail; x++) {
            long entry = entries[x - 1];
            int op = (int) (entry & 0xFFFFFFFFL) >>> 1;
            entryOp[x] = op;
            isCall[x] = (entry & 1) == 1;
            if (isCall[x]) {
                callEntry[op] = x;
            } else {
                returnEntry[op] = x;
            }
        }
        for (int x = 0; x <= tail; x++) {
            next[x] = x + 1;
            prev[x] = x - 1;
        }
        this.nDefinite = nDefinite;
        definite = new OpSet(nDefinite);
        indefinite = new long[(nIndefinite + 63) >>> 6];
        frontier = new Frontier(this);
    }

    /**
     * The search, one {@link #advance} at a time: the loop's body is a method of its own so the
     * JIT compiles it after a few hundred steps, where a loop in one long call runs interpreted
     * for its first sixty thousand (HotSpot's on-stack replacement threshold), which is all of a
     * cold check of an 18,000-op key.
     */
    KeyVerdict run(Budget budget) {
        long start = System.nanoTime();
        long deadline = start + budget.nanos();
        remaining = nDefinite;
        e = next[HEAD];
        while (remaining > 0) {
            if ((++steps & 1023) == 0 && System.nanoTime() > deadline) {
                return verdict(KeyVerdict.Outcome.UNKNOWN, "time budget of " + budget.nanos() / 1_000_000 + " ms spent", start);
            }
            if (memo.size() > budget.maxMemo()) {
                return verdict(KeyVerdict.Outcome.UNKNOWN, "memo of " + budget.maxMemo() + " configurations full", start);
            }
            if (!advance()) {
                return verdict(KeyVerdict.Outcome.INVALID, null, start);
            }
        }
        return verdict(KeyVerdict.Outcome.VALID, null, start);
    }

    /**
     * One step from entry {@link #e}: linearize the op it calls if the register accepts it (and
     * restart at the head), or move past it, or, at a return entry or a configuration already
     * explored, backtrack. False when there is nothing left to undo: not linearizable.
     */
    private boolean advance() {
        if (e == tail) {
            throw new IllegalStateException("ran past every entry with ok ops left");
        }
        int op = entryOp[e];
        if (isCall[e]) {
            RegisterOp o = ops.get(op);
            if (overwritesAnUnobservedIndefiniteOp(o)) {
                e = next[e];
                return true;
            }
            int after = CasRegister.step(state, o);
            if (after == CasRegister.INCONSISTENT) {
                e = next[e];
                return true;
            }
            boolean forced = CasRegister.preservesState(o);
            mark(op);
            if (memo.add(key(after))) {
                top = new Linearized(op, state, forced, top);
                state = after;
                lift(op);
                remaining -= o.definite() ? 1 : 0;
                e = next[HEAD];
                return true;
            }
            unmark(op);
            if (!forced) {
                e = next[e];
                return true;
            }
            // Explored from here already, and it is as good as any other choice here.
        } else {
            frontier.blocked(e, op, state, top);
        }
        return backtrack();
    }

    /** Undoes choices until one has an alternative, and resumes after it; false when none has. */
    private boolean backtrack() {
        while (top != null) {
            Linearized undo = top;
            top = undo.below();
            unlift(undo.op());
            unmark(undo.op());
            state = undo.stateBefore();
            remaining += ops.get(undo.op()).definite() ? 1 : 0;
            if (!undo.forced()) {
                e = next[callEntry[undo.op()]];
                return true;
            }
        }
        return false;
    }

    /**
     * A write right after an indefinite op that chose to take effect (a choice point, not a
     * forced op) makes that op useless: nothing saw its value. The same write without it is a
     * sibling this search also tries (the indefinite op has no return entry, so it blocked
     * nothing), and it keeps the op available, so it is never worse. Without this, every
     * subset of pending :info writes would be tried in every order.
     */
    private boolean overwritesAnUnobservedIndefiniteOp(RegisterOp o) {
        return o.kind() == RegisterOp.Kind.WRITE && top != null && !top.forced() && !ops.get(top.op()).definite();
    }

    private KeyVerdict verdict(KeyVerdict.Outcome outcome, String cause, long start) {
        return new KeyVerdict(history.key(), outcome, cause,
                outcome == KeyVerdict.Outcome.INVALID ? frontier.explain() : null,
                ops.size(), steps, memo.size(), System.nanoTime() - start);
    }

    private void mark(int op) {
        if (ops.get(op).definite()) {
            definite.add(ordinal[op]);
        } else {
            indefinite[ordinal[op] >>> 6] |= 1L << ordinal[op];
        }
    }

    private void unmark(int op) {
        if (ops.get(op).definite()) {
            definite.remove(ordinal[op]);
        } else {
            indefinite[ordinal[op] >>> 6] &= ~(1L << ordinal[op]);
        }
    }

    /** (value, linearized set) exactly: lo, the indefinite ops' words, the definite window. */
    private MemoKey key(int value) {
        int lo = definite.lo();
        int hi = definite.hi();
        int loWord = lo >>> 6;
        int windowWords = hi < lo ? 0 : (hi >>> 6) - loWord + 1;
        long[] words = new long[1 + indefinite.length + windowWords];
        words[0] = ((long) lo << 32) | (value & 0xFFFFFFFFL);
        System.arraycopy(indefinite, 0, words, 1, indefinite.length);
        System.arraycopy(definite.words, loWord, words, 1 + indefinite.length, windowWords);
        return new MemoKey(words);
    }

    private void lift(int op) {
        unlink(callEntry[op]);
        if (returnEntry[op] >= 0) {
            unlink(returnEntry[op]);
        }
    }

    private void unlift(int op) {
        if (returnEntry[op] >= 0) {
            relink(returnEntry[op]);
        }
        relink(callEntry[op]);
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
    }

    private void relink(int e) {
        next[prev[e]] = e;
        prev[next[e]] = e;
    }

    /** The ops not linearized whose call comes before entry {@code e}, in list order (at most 16). */
    List<Integer> pendingBefore(int e) {
        List<Integer> pending = new ArrayList<>();
        for (int x = next[HEAD]; x != e && x != tail && pending.size() < 16; x = next[x]) {
            if (isCall[x]) {
                pending.add(entryOp[x]);
            }
        }
        return pending;
    }

    KeyHistory history() {
        return history;
    }

    @Override
    public String toString() {
        return "WglSearch" + Arrays.asList(history.key(), ops.size());
    }
}
