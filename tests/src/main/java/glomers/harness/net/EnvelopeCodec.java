package glomers.harness.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import glomers.core.Message;
import glomers.core.MessageCodec;
import java.util.Iterator;
import java.util.Set;

/**
 * Lines as Maelstrom reads and writes them. Reading is strict like process.clj: anything but a
 * JSON object with string src/dest, an object body and an optional integer id is rejected.
 * Writing adds Maelstrom's envelope id, which nodes must accept and ignore.
 */
public final class EnvelopeCodec {

    private static final Set<String> ENVELOPE_KEYS = Set.of("src", "dest", "body", "id");
    private static final ObjectMapper MAPPER = MessageCodec.mapper();

    private EnvelopeCodec() {
    }

    /** Thrown for a line Maelstrom would refuse; the message says why. */
    public static final class RejectedLine extends Exception {
        RejectedLine(String reason) {
            super(reason, null, false, false);
        }
    }

    public static Message parseStrict(String line) throws RejectedLine {
        if (line.isBlank()) {
            throw new RejectedLine("blank line");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(line);
        } catch (Exception e) {
            throw new RejectedLine("not well-formed JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new RejectedLine("not a JSON object");
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ENVELOPE_KEYS.contains(key)) {
                throw new RejectedLine("envelope key " + key + " besides src, dest, body, id");
            }
        }
        JsonNode src = tree.get("src");
        JsonNode dest = tree.get("dest");
        JsonNode body = tree.get("body");
        JsonNode id = tree.get("id");
        if (src == null || !src.isTextual() || dest == null || !dest.isTextual()) {
            throw new RejectedLine("src and dest must be strings");
        }
        if (body == null || !body.isObject()) {
            throw new RejectedLine("body is not an object");
        }
        if (id != null && !id.isIntegralNumber()) {
            throw new RejectedLine("id is not an integer");
        }
        return new Message(src.textValue(), dest.textValue(), (ObjectNode) body);
    }

    /** One line, without the newline, carrying Maelstrom's envelope id. */
    public static String encode(Message message, long id) {
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("id", id);
        envelope.put("src", message.src());
        envelope.put("dest", message.dest());
        envelope.set("body", message.body());
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }
}
