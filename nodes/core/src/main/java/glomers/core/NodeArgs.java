package glomers.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A binary's node arguments as {@code key=value} words (or {@code --key=value}). A key the
 * binary does not know, a word without {@code =}, or a bad value is refused with error 12 naming
 * the valid keys, which fails {@code init} with a message the user can act on instead of a node
 * that silently ignores a typo.
 */
public final class NodeArgs {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final String validKeys;

    private NodeArgs(String validKeys) {
        this.validKeys = validKeys;
    }

    /** Parses {@code args}; {@code validKeys} are the only keys accepted. */
    public static NodeArgs parse(List<String> args, List<String> validKeys) throws RpcError {
        NodeArgs parsed = new NodeArgs(String.join(", ", validKeys));
        for (String arg : args) {
            String word = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            if (eq < 0 || !validKeys.contains(key)) {
                throw new RpcError(ErrorCode.MALFORMED_REQUEST, "unknown node argument '" + arg + "'; valid: "
                        + parsed.validKeys + " (each as key=value)");
            }
            parsed.values.put(key, word.substring(eq + 1));
        }
        return parsed;
    }

    /** The value given for {@code key}, which must be one of {@code choices}; {@code dflt} when absent. */
    public String oneOf(String key, String dflt, List<String> choices) throws RpcError {
        String value = values.getOrDefault(key, dflt);
        if (!choices.contains(value)) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, "bad " + key + " '" + value + "'; valid: "
                    + String.join(", ", choices));
        }
        return value;
    }

    /** The value given for {@code key} as it was written, or null when absent; never empty. */
    public String text(String key) throws RpcError {
        String value = values.get(key);
        if (value != null && value.isEmpty()) {
            throw new RpcError(ErrorCode.MALFORMED_REQUEST, key + " needs a value (" + key + "=...)");
        }
        return value;
    }

    /** A positive whole number (below 2^31); {@code dflt} when absent. */
    public int positiveInt(String key, int dflt) throws RpcError {
        String value = values.get(key);
        if (value == null) {
            return dflt;
        }
        if (value.matches("[0-9]{1,9}") && Integer.parseInt(value) > 0) {
            return Integer.parseInt(value);
        }
        throw new RpcError(ErrorCode.MALFORMED_REQUEST, key + " must be a positive whole number, got '" + value + "'");
    }

    /** A positive whole number of milliseconds, in nanoseconds; {@code dfltMs} when absent. */
    public long positiveMillis(String key, long dfltMs) throws RpcError {
        String value = values.get(key);
        if (value == null) {
            return dfltMs * 1_000_000L;
        }
        // Up to 12 digits: positive, and far from overflowing in nanoseconds.
        if (value.matches("[0-9]{1,12}") && Long.parseLong(value) > 0) {
            return Long.parseLong(value) * 1_000_000L;
        }
        throw new RpcError(ErrorCode.MALFORMED_REQUEST, key + " must be a positive number of milliseconds, got '"
                + value + "'");
    }
}
