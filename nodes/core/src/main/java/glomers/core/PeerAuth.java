package glomers.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated node-to-node messages ({@code peer-key=FILE}): every body a node sends to a peer
 * carries {@value #FIELD}, an HMAC-SHA-256 over the whole envelope as the codec writes it
 * without that field, so the source, the destination and every body field are covered. A peer
 * message whose tag is missing or wrong is refused: one changed bit, or a message replayed
 * under another node's id, no longer matches. Clients and Maelstrom's services know no key, so
 * their messages are neither tagged nor checked.
 *
 * <p>The receiver recomputes the tag over the envelope it parsed, written again by the same
 * codec. That gives the sender's bytes back because the codec keeps field order and reads
 * numbers exactly (big decimals), and every body a node sends went through the same writer.
 * A body that did not round-trip would be refused and counted, never accepted.
 *
 * <p>Not covered: a peer replaying its own earlier message word for word (the protocols above
 * take duplicates already: gossip, Raft and acks are idempotent), and confidentiality.
 */
final class PeerAuth {

    static final String FIELD = "hmac";
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;

    private PeerAuth(byte[] key) throws GeneralSecurityException {
        this.mac = Mac.getInstance(ALGORITHM);
        this.mac.init(new SecretKeySpec(key, ALGORITHM));
    }

    /** The key is the file's bytes, trailing whitespace (a newline an editor added) left out. */
    @SuppressForbidden("configuration read once before init_ok, not durable state")
    static PeerAuth fromFile(String file) throws IOException {
        byte[] key = Files.readString(Path.of(file), StandardCharsets.UTF_8).stripTrailing()
                .getBytes(StandardCharsets.UTF_8);
        if (key.length < 16) {
            throw new IOException("peer-key file " + file + " holds " + key.length + " bytes; use at least 16");
        }
        try {
            return new PeerAuth(key);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + ALGORITHM + ": " + e, e);
        }
    }

    /** A copy of {@code body} with its tag last; the caller's body is left as it was. */
    ObjectNode sign(String src, String dest, ObjectNode body) {
        ObjectNode signed = Bodies.nodes().objectNode();
        signed.setAll(body);
        signed.remove(FIELD);
        signed.put(FIELD, tag(new Message(src, dest, signed)));
        return signed;
    }

    /**
     * Whether the message carries the right tag; the tag is taken off the body either way, so
     * handlers never see it.
     */
    boolean verify(Message message) {
        JsonNode claimed = message.body().remove(FIELD);
        if (claimed == null || !claimed.isTextual()) {
            return false;
        }
        byte[] expected = tag(message).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, claimed.textValue().getBytes(StandardCharsets.US_ASCII));
    }

    private String tag(Message message) {
        byte[] line = MessageCodec.encode(message).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(mac.doFinal(line));
    }
}
