package glomers.harness.workload;

import glomers.harness.check.Checker;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What distinguishes one Maelstrom workload's client from another's in client.clj: its name,
 * whether it survives an :info op, whether it wraps calls in with-errors, which ops are
 * idempotent, and the workload's checkers. Workloads extend this and add their bodies.
 */
abstract class ClientTraits implements Workload {

    private final String name;
    private final boolean reusable;
    private final boolean withErrors;
    private final Set<String> idempotent;
    private final Supplier<List<Checker>> checkers;

    ClientTraits(String name, boolean reusable, boolean withErrors, Set<String> idempotent,
                 Supplier<List<Checker>> checkers) {
        this.name = name;
        this.reusable = reusable;
        this.withErrors = withErrors;
        this.idempotent = Set.copyOf(idempotent);
        this.checkers = checkers;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean reusableClients() {
        return reusable;
    }

    @Override
    public final boolean withErrors() {
        return withErrors;
    }

    @Override
    public final boolean idempotent(String f) {
        return idempotent.contains(f);
    }

    @Override
    public List<Checker> checkers() {
        return checkers.get();
    }
}
