package glomers.harness.check.linear;

/**
 * Knossos's {@code cas-register} model over interned values ({@link ValueTable}): the state is
 * a value id, {@link ValueTable#NIL} at first. A write sets it; a cas applies only when the
 * register holds its {@code from}; a read must see the value held.
 */
final class CasRegister {

    static final int INCONSISTENT = -1;

    private CasRegister() {
    }

    /** The state after {@code op} in {@code state}, or {@link #INCONSISTENT}. */
    static int step(int state, RegisterOp op) {
        return switch (op.kind()) {
            case WRITE -> op.a();
            case CAS -> state == op.a() ? op.b() : INCONSISTENT;
            case READ -> state == op.a() ? state : INCONSISTENT;
        };
    }

    /**
     * Whether the op leaves the register as it found it in every state it is consistent with
     * (a read, a cas from v to v). Linearizing such an op as soon as it may be is never worse
     * than linearizing it later, so the search need not try the alternatives.
     */
    static boolean preservesState(RegisterOp op) {
        return op.kind() == RegisterOp.Kind.READ || op.kind() == RegisterOp.Kind.CAS && op.a() == op.b();
    }
}
