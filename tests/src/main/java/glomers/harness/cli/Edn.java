package glomers.harness.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enough of EDN to read Maelstrom's {@code results.edn}: maps, vectors, lists, sets, strings,
 * numbers, keywords (as strings with their colon, {@code ":net"}), symbols, booleans, nil and
 * characters; a tagged value ({@code #jepsen.history.Op{...}}) reads as the value under the tag,
 * and {@code #_} discards the next form.
 */
final class Edn {

    private final String text;
    private int at;

    private Edn(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        Edn edn = new Edn(text);
        Object value = edn.read();
        edn.skipSpace();
        if (edn.at < text.length()) {
            throw edn.error("text after the first form");
        }
        return value;
    }

    /** {@code map.get(k1).get(k2)...}, or null when a step is missing or not a map. */
    static Object path(Object value, Object... keys) {
        Object v = value;
        for (Object k : keys) {
            if (!(v instanceof Map<?, ?> map)) {
                return null;
            }
            v = map.get(k);
        }
        return v;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("EDN: " + what + " at offset " + at);
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == ';') {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (Character.isWhitespace(c) || c == ',') {
                at++;
            } else {
                return;
            }
        }
    }

    private Object read() {
        skipSpace();
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{': {
                at++;
                Map<Object, Object> map = new LinkedHashMap<>();
                while (!closes('}')) {
                    Object key = read();
                    map.put(key, read());
                }
                return map;
            }
            case '[':
            case '(': {
                at++;
                char end = c == '[' ? ']' : ')';
                List<Object> list = new ArrayList<>();
                while (!closes(end)) {
                    list.add(read());
                }
                return list;
            }
            case '"':
                return string();
            case '\\':
                return character();
            case '#':
                return dispatch();
            default:
                return atom();
        }
    }

    private boolean closes(char end) {
        skipSpace();
        if (at >= text.length()) {
            throw error("missing '" + end + "'");
        }
        if (text.charAt(at) == end) {
            at++;
            return true;
        }
        return false;
    }

    private Object dispatch() {
        at++;
        if (at < text.length() && text.charAt(at) == '{') {
            at++;
            Set<Object> set = new LinkedHashSet<>();
            while (!closes('}')) {
                set.add(read());
            }
            return set;
        }
        if (at < text.length() && text.charAt(at) == '_') {
            at++;
            read();
            return read();
        }
        atom(); // the tag
        return read();
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        at++;
        while (at < text.length() && text.charAt(at) != '"') {
            char c = text.charAt(at++);
            if (c == '\\' && at < text.length()) {
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> s.append('\n');
                    case 't' -> s.append('\t');
                    case 'r' -> s.append('\r');
                    case 'u' -> {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> s.append(e);
                }
            } else {
                s.append(c);
            }
        }
        if (at >= text.length()) {
            throw error("unterminated string");
        }
        at++;
        return s.toString();
    }

    private Object character() {
        at++;
        int start = at;
        at++;
        while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
            at++;
        }
        String name = text.substring(start, at);
        return switch (name) {
            case "newline" -> "\n";
            case "space" -> " ";
            case "tab" -> "\t";
            default -> name.substring(0, 1);
        };
    }

    private Object atom() {
        int start = at;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c) || c == ',' || "{}[]()\"".indexOf(c) >= 0) {
                break;
            }
            at++;
        }
        String token = text.substring(start, at);
        if (token.isEmpty()) {
            throw error("unexpected '" + text.charAt(at) + "'");
        }
        switch (token) {
            case "nil":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        char first = token.charAt(0);
        if (Character.isDigit(first) || ((first == '-' || first == '+') && token.length() > 1
                && Character.isDigit(token.charAt(1)))) {
            return number(token);
        }
        return token;
    }

    private Object number(String token) {
        try {
            if (token.endsWith("N")) {
                return new BigInteger(token.substring(0, token.length() - 1));
            }
            if (token.endsWith("M")) {
                return new BigDecimal(token.substring(0, token.length() - 1));
            }
            int slash = token.indexOf('/');
            if (slash > 0) {
                return Double.parseDouble(token.substring(0, slash)) / Double.parseDouble(token.substring(slash + 1));
            }
            if (token.contains(".") || token.contains("e") || token.contains("E")) {
                return Double.parseDouble(token);
            }
            BigInteger big = new BigInteger(token);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        } catch (NumberFormatException e) {
            throw error("bad number '" + token + "'");
        }
    }
}
