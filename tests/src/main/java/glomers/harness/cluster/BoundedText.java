package glomers.harness.cluster;

/**
 * A node's stderr kept in memory up to a bound: the oldest half is dropped when full, so a
 * chatty node cannot exhaust the harness's heap. Thread-safe: stderr readers append from their
 * own threads.
 */
final class BoundedText {

    private final int maxChars;
    private final StringBuilder text = new StringBuilder();
    private long droppedChars;

    BoundedText(int maxChars) {
        this.maxChars = maxChars;
    }

    synchronized void appendLine(String line) {
        text.append(line).append('\n');
        if (text.length() > maxChars) {
            int cut = text.length() - maxChars / 2;
            droppedChars += cut;
            text.delete(0, cut);
        }
    }

    @Override
    public synchronized String toString() {
        return droppedChars == 0 ? text.toString() : "[" + droppedChars + " earlier chars dropped]\n" + text;
    }
}
