package glomers.harness.run;

import glomers.harness.history.History;
import glomers.harness.history.Op;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A digest of every history event, to show that one seed gives one run. */
public final class HistoryHash {

    private HistoryHash() {
    }

    public static String of(History history) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Op op : history.ops()) {
            String line = op.index() + "|" + op.process() + "|" + op.type() + "|" + op.f() + "|" + op.value()
                    + "|" + op.timeNanos() + "|" + op.finalRead() + "|" + op.error() + "\n";
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }
}
