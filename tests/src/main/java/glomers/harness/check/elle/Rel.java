package glomers.harness.check.elle;

import java.util.ArrayList;
import java.util.List;

/**
 * A dependency between two transactions (elle.rels): ww, wr and rw on data, and the process and
 * realtime orders. Elle's predicate variants (wwp, wrp, rwp) are left out: no Maelstrom workload
 * has predicate reads, so the anomalies that need them (G-single, G-nonadjacent, G2 without
 * "-item") can never be found here, as they never are by Elle on these workloads.
 */
public enum Rel {
    WW("ww"), WR("wr"), RW("rw"), PROCESS("process"), REALTIME("realtime");

    private final String elleName;

    Rel(String elleName) {
        this.elleName = elleName;
    }

    /** The keyword Elle prints, without its colon. */
    public String elleName() {
        return elleName;
    }

    public int bit() {
        return 1 << ordinal();
    }

    public static int mask(Rel... rels) {
        int m = 0;
        for (Rel r : rels) {
            m |= r.bit();
        }
        return m;
    }

    static List<Rel> of(int mask) {
        List<Rel> rels = new ArrayList<>();
        for (Rel r : values()) {
            if ((mask & r.bit()) != 0) {
                rels.add(r);
            }
        }
        return rels;
    }
}
