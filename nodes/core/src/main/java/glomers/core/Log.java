package glomers.core;

/** The node's log: stderr under Maelstrom, a per-node buffer in the simulator. */
public interface Log {

    boolean debugEnabled();

    void debug(String message);

    void info(String message);

    void warn(String message);

    void error(String message, Throwable cause);
}
