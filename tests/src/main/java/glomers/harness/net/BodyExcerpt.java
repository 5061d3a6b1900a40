package glomers.harness.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The start of a body as compact JSON, without the fields a timeline shows anyway (type, msg_id,
 * in_reply_to). It stops walking once the limit is reached, so a read_ok carrying thousands of
 * values costs no more than a short one.
 */
final class BodyExcerpt {

    private BodyExcerpt() {
    }

    static String of(ObjectNode body, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(maxChars + 8, 96));
        out.append('{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext() && out.length() <= maxChars; ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("type") || key.equals("msg_id") || key.equals("in_reply_to")) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, key, maxChars);
            out.append(':');
            value(out, e.getValue(), maxChars);
        }
        if (out.length() > maxChars) {
            out.setLength(maxChars);
            out.append('…');
        } else {
            out.append('}');
        }
        return out.toString();
    }

    private static void value(StringBuilder out, JsonNode v, int maxChars) {
        if (out.length() > maxChars) {
            return;
        }
        if (v.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext() && out.length() <= maxChars; ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(first ? "" : ",");
                first = false;
                string(out, e.getKey(), maxChars);
                out.append(':');
                value(out, e.getValue(), maxChars);
            }
            out.append('}');
        } else if (v.isArray()) {
            out.append('[');
            for (int i = 0; i < v.size() && out.length() <= maxChars; i++) {
                out.append(i == 0 ? "" : ",");
                value(out, v.get(i), maxChars);
            }
            out.append(']');
        } else if (v.isTextual()) {
            string(out, v.textValue(), maxChars);
        } else {
            out.append(v.asText());
        }
    }

    private static void string(StringBuilder out, String s, int maxChars) {
        out.append('"');
        int n = Math.min(s.length(), maxChars + 1);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            out.append(c < ' ' ? ' ' : c);
        }
        out.append('"');
    }
}
