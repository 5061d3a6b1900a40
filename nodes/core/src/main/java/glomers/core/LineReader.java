package glomers.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding them (the JSON parser reads UTF-8 bytes).
 * A line longer than the limit is skipped whole and reported, so its size cannot exhaust memory.
 */
final class LineReader {

    /** What one call to {@link #next} found. */
    interface Sink {
        void line(byte[] bytes, int length);

        void oversized(long length);
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1 << 12];
    private int lineLength;
    private long skipped;
    /** Where {@link #hasBufferedLine} found the next newline, so {@link #next} need not look again; -1 if not looked. */
    private int foundNewline = -1;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** True when a whole line is already buffered, so {@link #next} will not block. */
    boolean hasBufferedLine() {
        foundNewline = chunkPos < chunkEnd ? indexOfNewline() : -1;
        return foundNewline >= 0;
    }

    /** Reads up to the next newline and reports it; false at end of input. */
    boolean next(Sink sink) throws IOException {
        while (true) {
            if (chunkPos == chunkEnd) {
                int read = in.read(chunk);
                if (read < 0) {
                    return finishAtEof(sink);
                }
                chunkPos = 0;
                chunkEnd = read;
            }
            int newline = foundNewline >= 0 ? foundNewline : indexOfNewline();
            foundNewline = -1;
            int end = newline < 0 ? chunkEnd : newline;
            append(end - chunkPos);
            chunkPos = newline < 0 ? chunkEnd : newline + 1;
            if (newline >= 0) {
                emit(sink);
                return true;
            }
        }
    }

    private boolean finishAtEof(Sink sink) {
        if (lineLength == 0 && skipped == 0) {
            return false;
        }
        emit(sink);
        return true;
    }

    private int indexOfNewline() {
        for (int i = chunkPos; i < chunkEnd; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int count) {
        if (skipped > 0 || lineLength + (long) count > maxLineBytes) {
            skipped += lineLength + count;
            lineLength = 0;
            return;
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + count)));
        }
        System.arraycopy(chunk, chunkPos, line, lineLength, count);
        lineLength += count;
    }

    private void emit(Sink sink) {
        if (skipped > 0) {
            sink.oversized(skipped);
        } else {
            int length = lineLength;
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            sink.line(line, length);
        }
        skipped = 0;
        lineLength = 0;
        if (line.length > 1 << 20) {
            line = new byte[1 << 12]; // do not keep a huge buffer alive after one large line
        }
    }
}
