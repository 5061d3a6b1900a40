package glomers.core;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A body field written straight onto the output when the message is serialised, for large
 * values (a read of a million broadcast values) that would be wasteful to build as a tree.
 * Put one in a body with {@link Bodies#streamed}; it must not change until the message is sent.
 */
@FunctionalInterface
public interface StreamedJson {

    /** Writes exactly one JSON value; {@link MessageCodec#writeTree} writes nested trees. */
    void writeTo(JsonGenerator gen) throws IOException;
}
