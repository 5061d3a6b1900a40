package glomers.core;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/** A log that hands each formatted line to a sink: stderr in production, a buffer in tests. */
@SuppressForbidden("the production log writes to stderr")
public final class StreamLog implements Log {

    private final Consumer<String> sink;
    private final boolean debug;

    public StreamLog(Consumer<String> sink, boolean debug) {
        this.sink = sink;
        this.debug = debug;
    }

    /** Writes to stderr; debug lines only when GLOMERS_LOG=debug. */
    public static StreamLog stderr() {
        boolean debug = "debug".equalsIgnoreCase(System.getenv("GLOMERS_LOG"));
        // Not a method reference: a node's first lambda costs its JVM the whole invokedynamic
        // bootstrap (about a hundred classes) before the first reply.
        PrintStream err = System.err;
        return new StreamLog(new Consumer<String>() {
            @Override
            public void accept(String line) {
                err.println(line);
            }
        }, debug);
    }

    @Override
    public boolean debugEnabled() {
        return debug;
    }

    // String.concat rather than +: a node's first string concatenation costs its JVM an
    // invokedynamic bootstrap (ASM spins a class), and nodes log at init, before init_ok.

    @Override
    public void debug(String message) {
        if (debug) {
            sink.accept("DEBUG ".concat(String.valueOf(message)));
        }
    }

    @Override
    public void info(String message) {
        sink.accept("INFO ".concat(String.valueOf(message)));
    }

    @Override
    public void warn(String message) {
        sink.accept("WARN ".concat(String.valueOf(message)));
    }

    @Override
    public void error(String message, Throwable cause) {
        if (cause == null) {
            sink.accept("ERROR " + message);
            return;
        }
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        sink.accept("ERROR " + message + "\n" + trace);
    }
}
