package glomers.txn;

/**
 * A Lamport version tuple: the writer's clock when it committed, then its node index (the
 * position in the sorted node ids) to break ties. Versions are totally ordered the same way on
 * every node, so two transactions racing on one key resolve the same way everywhere.
 */
record Version(long counter, int node) implements Comparable<Version> {

    @Override
    public int compareTo(Version other) {
        int byCounter = Long.compare(counter, other.counter);
        return byCounter != 0 ? byCounter : Integer.compare(node, other.node);
    }

    boolean newerThan(Version other) {
        return other == null || compareTo(other) > 0;
    }
}
