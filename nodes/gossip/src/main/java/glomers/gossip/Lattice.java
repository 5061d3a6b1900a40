package glomers.gossip;

/**
 * State that replicas merge by a join: a grow-only set (union), a counter's entries (pointwise
 * max). Joins are commutative, associative and idempotent, so a delta may be sent twice, late or
 * out of order and every replica still ends with the same state. {@link PeerLink} needs nothing
 * else to track, per peer, what the peer holds and what is in flight to it.
 *
 * @param <S> the implementing type
 */
public interface Lattice<S extends Lattice<S>> {

    /** What this holds that {@code other} does not cover, as a new delta. */
    S minus(S other);

    /** Joins {@code other} into this. */
    void merge(S other);

    /** Drops from this what {@code covered} already covers. */
    void forget(S covered);

    boolean isEmpty();

    /** A new, empty state of the same kind. */
    S empty();

    /** Re-encodes the state more compactly; no effect on its contents. */
    default void compact() {
    }
}
