package glomers.core;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A log that hands each line to a sink: stderr in production, a buffer in the simulator and
 * tests. A line is one JSON object by default, or plain text for a person at a terminal:
 *
 * <pre>
 * {"time":1764606880123,"level":"info","node":"n1","event":"leader","src":"n2","dest":"n1","msg_id":4,"msg":"leader for term 2"}
 * INFO n1 leader: leader for term 2 [src=n2 dest=n1 msg_id=4]
 * </pre>
 *
 * The node's host binds the log to its clock and its {@link LogContext}, which stamp every line
 * with the time, the node and the message being handled.
 */
@SuppressForbidden("the production log writes to stderr")
public final class StreamLog implements Log {

    public enum Format {
        JSON, PLAIN
    }

    private final Consumer<String> sink;
    private final Level level;
    private final Format format;
    private final Clock clock;
    private final LogContext context;
    private final String req;

    public StreamLog(Consumer<String> sink, Level level, Format format) {
        this(sink, level, format, null, null, null);
    }

    private StreamLog(Consumer<String> sink, Level level, Format format, Clock clock, LogContext context, String req) {
        this.sink = sink;
        this.level = level;
        this.format = format;
        this.clock = clock;
        this.context = context;
        this.req = req;
    }

    /**
     * Writes to stderr, at the level GLOMERS_LOG names (debug, info, warn, error; info when
     * unset) in the format GLOMERS_LOG_FORMAT names (json, plain; json when unset). A node's
     * {@code log=} and {@code log-format=} arguments override both.
     */
    public static StreamLog stderr() {
        // Not a method reference: a node's first lambda costs its JVM the whole invokedynamic
        // bootstrap (about a hundred classes) before the first reply.
        PrintStream err = System.err;
        Consumer<String> sink = new Consumer<String>() {
            @Override
            public void accept(String line) {
                err.println(line);
            }
        };
        Level level = parseLevel(System.getenv("GLOMERS_LOG"));
        Format format = parseFormat(System.getenv("GLOMERS_LOG_FORMAT"));
        return new StreamLog(sink, level == null ? Level.INFO : level, format == null ? Format.JSON : format);
    }

    /** The level a name gives (any case), or null when it names none. */
    static Level parseLevel(String name) {
        for (Level each : Level.values()) {
            if (each.name().equalsIgnoreCase(name)) {
                return each;
            }
        }
        return null;
    }

    /** The format a name gives (any case), or null when it names none. */
    static Format parseFormat(String name) {
        for (Format each : Format.values()) {
            if (each.name().equalsIgnoreCase(name)) {
                return each;
            }
        }
        return null;
    }

    /** This log's lines, stamped with {@code clock}'s time and {@code context}'s node and message. */
    StreamLog bound(Clock clock, LogContext context) {
        return new StreamLog(sink, level, format, clock, context, null);
    }

    StreamLog with(Level newLevel, Format newFormat) {
        return new StreamLog(sink, newLevel == null ? level : newLevel, newFormat == null ? format : newFormat,
                clock, context, req);
    }

    @Override
    public Log about(String request) {
        return new StreamLog(sink, level, format, clock, context, request);
    }

    @Override
    public boolean debugEnabled() {
        return level == Level.DEBUG;
    }

    @Override
    public void debug(String event, String text) {
        write(Level.DEBUG, event, text, null);
    }

    @Override
    public void info(String event, String text) {
        write(Level.INFO, event, text, null);
    }

    @Override
    public void warn(String event, String text) {
        write(Level.WARN, event, text, null);
    }

    @Override
    public void error(String event, String text, Throwable cause) {
        write(Level.ERROR, event, text, cause);
    }

    /** An info line whose {@code field} is {@code json}, an object written as it is (the metrics line). */
    void object(String event, String field, String json) {
        if (Level.INFO.compareTo(level) < 0) {
            return;
        }
        if (format == Format.PLAIN) {
            sink.accept(plain(Level.INFO, event, json, null, null));
            return;
        }
        StringBuilder line = stamps(Level.INFO, event, null);
        line.append(",\"").append(field).append("\":").append(json);
        sink.accept(line.append('}').toString());
    }

    // StringBuilder rather than +: a node's first string concatenation costs its JVM an
    // invokedynamic bootstrap (ASM spins a class), and nodes log at init, before init_ok.

    private void write(Level lineLevel, String event, String text, Throwable cause) {
        if (lineLevel.compareTo(level) < 0) {
            return;
        }
        String trace = null;
        if (cause != null) {
            StringWriter out = new StringWriter();
            cause.printStackTrace(new PrintWriter(out));
            trace = out.toString();
        }
        String lineReq = req != null ? req : context == null ? null : context.req();
        sink.accept(format == Format.JSON ? json(lineLevel, event, text, trace, lineReq)
                : plain(lineLevel, event, text, trace, lineReq));
    }

    private String json(Level lineLevel, String event, String text, String trace, String lineReq) {
        StringBuilder line = stamps(lineLevel, event, lineReq);
        field(line, "msg", text);
        if (trace != null) {
            field(line, "error", trace);
        }
        return line.append('}').toString();
    }

    /** The line up to its text: time, level, node, event, the message in hand and the request. */
    private StringBuilder stamps(Level lineLevel, String event, String lineReq) {
        StringBuilder line = new StringBuilder(128);
        line.append('{');
        if (clock != null) {
            line.append("\"time\":").append(clock.epochMillis()).append(',');
        }
        line.append("\"level\":\"").append(lineLevel.name().toLowerCase(Locale.ROOT)).append('"');
        if (context != null && context.node != null) {
            field(line, "node", context.node);
        }
        field(line, "event", event);
        if (context != null && context.src() != null) {
            field(line, "src", context.src());
            field(line, "dest", context.dest());
            if (context.msgId() >= 0) {
                line.append(",\"msg_id\":").append(context.msgId());
            }
            if (context.inReplyTo() >= 0) {
                line.append(",\"in_reply_to\":").append(context.inReplyTo());
            }
        }
        if (lineReq != null) {
            field(line, "req", lineReq);
        }
        return line;
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(",\"").append(name).append("\":\"");
        escape(line, String.valueOf(value));
        line.append('"');
    }

    /** JSON string escaping: quotes, backslashes and control characters. */
    static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00");
                        out.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private String plain(Level lineLevel, String event, String text, String trace, String lineReq) {
        StringBuilder line = new StringBuilder(96);
        line.append(lineLevel.name());
        if (context != null && context.node != null) {
            line.append(' ').append(context.node);
        }
        line.append(' ').append(event).append(": ").append(text);
        if (context != null && context.src() != null) {
            line.append(" [src=").append(context.src()).append(" dest=").append(context.dest());
            if (context.msgId() >= 0) {
                line.append(" msg_id=").append(context.msgId());
            }
            if (context.inReplyTo() >= 0) {
                line.append(" in_reply_to=").append(context.inReplyTo());
            }
            if (lineReq != null) {
                line.append(" req=").append(lineReq);
            }
            line.append(']');
        } else if (lineReq != null) {
            line.append(" [req=").append(lineReq).append(']');
        }
        if (trace != null) {
            line.append('\n').append(trace);
        }
        return line.toString();
    }
}
