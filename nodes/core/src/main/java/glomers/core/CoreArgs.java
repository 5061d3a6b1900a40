package glomers.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The node arguments the core takes for itself, whatever the binary: {@code log=LEVEL},
 * {@code log-format=json|plain}, {@code metrics-ms=N}, {@code metrics-port=N},
 * {@code client-rate=N}, {@code peer-key=FILE} and {@code clock-file=FILE}. The rest are the workload's, and only those
 * reach its logic. A bad value is kept as {@link #error} and fails {@code init} with a message
 * naming the valid ones.
 */
final class CoreArgs {

    /** A metrics line every 5 s: a killed node's last one is at most that old. */
    static final long DEFAULT_METRICS_MS = 5_000;

    final List<String> logicArgs;
    /** Null when not given: the log keeps its own. */
    final Log.Level level;
    final StreamLog.Format format;
    final long metricsMillis;
    /** Requests per second each client may make; 0 for no limit (the default). */
    final int clientRate;
    /** A local port the stdio runtime serves the metrics on in Prometheus's text format; 0 for none. */
    final int metricsPort;
    /** The file whose bytes sign peer messages ({@link PeerAuth}); null for none (the default). */
    final String peerKeyFile;
    /** The file holding the wall clock's offset ({@link FileOffsetClock}); null for none (the default). */
    final String clockFile;
    final String error;

    private CoreArgs(List<String> logicArgs, Log.Level level, StreamLog.Format format, long metricsMillis,
                     int clientRate, int metricsPort, String peerKeyFile, String clockFile, String error) {
        this.logicArgs = logicArgs;
        this.level = level;
        this.format = format;
        this.metricsMillis = metricsMillis;
        this.clientRate = clientRate;
        this.metricsPort = metricsPort;
        this.peerKeyFile = peerKeyFile;
        this.clockFile = clockFile;
        this.error = error;
    }

    // No regular expressions or + concatenation: this runs before init_ok (see StreamLog.stderr).

    static CoreArgs parse(List<String> args) {
        List<String> logicArgs = new ArrayList<>();
        String level = null;
        String format = null;
        String metricsMs = null;
        String clientRate = null;
        String metricsPort = null;
        String peerKey = null;
        String clockFile = null;
        for (String arg : args) {
            String word = arg.startsWith("--") ? arg.substring(2) : arg;
            if (word.startsWith("log=")) {
                level = word.substring(4);
            } else if (word.startsWith("log-format=")) {
                format = word.substring(11);
            } else if (word.startsWith("metrics-ms=")) {
                metricsMs = word.substring(11);
            } else if (word.startsWith("client-rate=")) {
                clientRate = word.substring(12);
            } else if (word.startsWith("metrics-port=")) {
                metricsPort = word.substring(13);
            } else if (word.startsWith("peer-key=")) {
                peerKey = word.substring(9);
            } else if (word.startsWith("clock-file=")) {
                clockFile = word.substring(11);
            } else {
                logicArgs.add(arg);
            }
        }
        Log.Level parsedLevel = StreamLog.parseLevel(level);
        StreamLog.Format parsedFormat = StreamLog.parseFormat(format);
        long metricsMillis = metricsMs == null ? DEFAULT_METRICS_MS : wholeNumber(metricsMs);
        long rate = clientRate == null ? 0 : wholeNumber(clientRate);
        long port = metricsPort == null ? 0 : wholeNumber(metricsPort);
        String error = null;
        if (level != null && parsedLevel == null) {
            error = "bad log '".concat(level).concat("'; valid: debug, info, warn, error");
        } else if (format != null && parsedFormat == null) {
            error = "bad log-format '".concat(format).concat("'; valid: json, plain");
        } else if (metricsMillis < 0) {
            error = "bad metrics-ms '".concat(metricsMs).concat("'; valid: a whole number of ms, 0 for none");
        } else if (rate < 0) {
            error = "bad client-rate '".concat(clientRate).concat("'; valid: requests per second per client, 0 for no limit");
        } else if (port < 0 || port > 65_535) {
            error = "bad metrics-port '".concat(metricsPort).concat("'; valid: a local port, 1 to 65535, 0 for none");
        } else if (peerKey != null && peerKey.isEmpty()) {
            error = "bad peer-key ''; valid: a file holding the cluster's shared key";
        } else if (clockFile != null && clockFile.isEmpty()) {
            error = "bad clock-file ''; valid: a file holding the wall clock's offset in ms";
        }
        return new CoreArgs(List.copyOf(logicArgs), parsedLevel, parsedFormat, Math.max(0, metricsMillis),
                (int) Math.max(0, rate), (int) Math.max(0, Math.min(65_535, port)), peerKey, clockFile, error);
    }

    /** 0 to 999,999,999, or -1 for anything else. */
    private static long wholeNumber(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
