package glomers.harness.check.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import glomers.harness.check.Validity;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search's shortcuts (the memo, linearizing state-preserving ops without a choice point,
 * indefinite ops without a return) against the definition: on thousands of small random
 * register histories, with ok, failed, indefinite and never-completed ops, the checker's
 * verdict equals a brute-force search over every order of every subset of indefinite ops.
 */
class WglSearchBruteForceTest {

    private static final int HISTORIES = 3000;
    private static final long SEED = 0x11CEL;

    private record Event(int invoke, int complete, String f, Integer a, Integer b, boolean ok) {
    }

    @Test
    void agreesWithBruteForceOnSmallRandomHistories() {
        int invalid = 0;
        for (int i = 0; i < HISTORIES; i++) {
            long seed = SEED + i;
            List<Event> events = new ArrayList<>();
            RegisterHist h = random(new SplittableRandom(seed), events);
            boolean expected = linearizable(events, 0, null);
            invalid += expected ? 0 : 1;
            assertEquals(expected ? Validity.TRUE : Validity.FALSE, h.check().valid(),
                    "seed " + seed + ": " + h.history.ops()
                            + "\nreplay: mvn -B -q -pl tests -am test -Dtest=WglSearchBruteForceTest");
        }
        // Both verdicts must be exercised, or the comparison proves little.
        assertEquals(true, invalid > HISTORIES / 10 && invalid < HISTORIES * 9 / 10, "invalid: " + invalid);
    }

    /** Up to 7 ops on 3 processes, interleaved at random. */
    private static RegisterHist random(SplittableRandom r, List<Event> events) {
        RegisterHist h = new RegisterHist();
        int[] busy = {-1, -1, -1};
        String[] f = new String[3];
        String[] value = new String[3];
        int total = 2 + r.nextInt(6);
        int started = 0;
        int index = 0;
        while (started < total || anyBusy(busy)) {
            int p = r.nextInt(3);
            if (busy[p] < 0) {
                if (started == total) {
                    continue;
                }
                started++;
                f[p] = List.of("read", "write", "cas").get(r.nextInt(3));
                value[p] = switch (f[p]) {
                    case "read" -> "[0,null]";
                    case "write" -> "[0," + r.nextInt(3) + "]";
                    default -> "[0,[" + r.nextInt(3) + "," + r.nextInt(3) + "]]";
                };
                h.invoke(p, f[p], value[p]);
                busy[p] = index++;
                continue;
            }
            int outcome = r.nextInt(20);
            if (outcome < 2 && started == total) {
                events.add(event(busy[p], -1, f[p], value[p], false)); // never completes
                busy[p] = -1;
                continue;
            }
            String done = f[p].equals("read") ? "[0," + (r.nextInt(4) == 0 ? "null" : r.nextInt(3)) + "]" : value[p];
            int invokedAt = busy[p];
            if (outcome < 4) {
                h.info(p, f[p], value[p]);
                events.add(event(invokedAt, -1, f[p], value[p], false));
            } else if (outcome < 6) {
                h.fail(p, f[p], value[p]);
            } else {
                h.ok(p, f[p], done);
                events.add(event(invokedAt, index, f[p], done, true));
            }
            index++;
            busy[p] = -1;
        }
        return h;
    }

    private static boolean anyBusy(int[] busy) {
        return busy[0] >= 0 || busy[1] >= 0 || busy[2] >= 0;
    }

    private static Event event(int invoke, int complete, String f, String tuple, boolean ok) {
        String v = tuple.substring(3, tuple.length() - 1);
        if (f.equals("cas")) {
            String[] parts = v.substring(1, v.length() - 1).split(",");
            return new Event(invoke, complete, f, Integer.valueOf(parts[0]), Integer.valueOf(parts[1]), ok);
        }
        return new Event(invoke, complete, f, v.equals("null") ? null : Integer.valueOf(v), null, ok);
    }

    /** Some order of the ok ops and any subset of the others respects real time and the register. */
    private static boolean linearizable(List<Event> events, long done, Integer state) {
        boolean allOk = true;
        for (int i = 0; i < events.size(); i++) {
            allOk &= !events.get(i).ok() || (done & (1L << i)) != 0;
        }
        if (allOk) {
            return true;
        }
        for (int i = 0; i < events.size(); i++) {
            if ((done & (1L << i)) != 0 || !mayGoNext(events, done, i)) {
                continue;
            }
            Event e = events.get(i);
            Integer after;
            switch (e.f()) {
                case "read" -> {
                    if (e.a() != null && !e.a().equals(state)) {
                        continue;
                    }
                    after = state;
                }
                case "write" -> after = e.a();
                default -> {
                    if (!e.a().equals(state)) {
                        continue;
                    }
                    after = e.b();
                }
            }
            if (linearizable(events, done | (1L << i), after)) {
                return true;
            }
        }
        return false;
    }

    /** No op left out completed before this one was invoked. */
    private static boolean mayGoNext(List<Event> events, long done, int i) {
        for (int j = 0; j < events.size(); j++) {
            Event q = events.get(j);
            if ((done & (1L << j)) == 0 && q.ok() && q.complete() < events.get(i).invoke()) {
                return false;
            }
        }
        return true;
    }
}
