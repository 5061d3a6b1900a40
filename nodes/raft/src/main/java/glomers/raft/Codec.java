package glomers.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * How the host's commands travel and rest: Raft sees a command as opaque, and only this turns it
 * into JSON for appends and the write-ahead log, and back. A command is a JSON array; an entry is
 * that array with the entry's term in front, {@code [term, ...command]}.
 *
 * @param <C> the host's command type
 */
public interface Codec<C> {

    /** The command as a JSON array. */
    ArrayNode toJson(C command);

    /**
     * Parses {@link #toJson}'s form from {@code start} in {@code array}; throws
     * IllegalArgumentException when it is not one.
     */
    C fromJson(JsonNode array, int start);

    /**
     * A new leader's first entry, which does nothing when applied: committing it commits every
     * earlier entry (Raft, section 5.4.2).
     */
    C noop();
}
