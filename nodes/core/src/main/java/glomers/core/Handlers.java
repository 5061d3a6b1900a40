package glomers.core;

/** Where logic registers one handler per request type it serves. */
public interface Handlers {

    /** @throws IllegalStateException when {@code type} already has a handler */
    Handlers on(String type, Handler handler);

    /** Handles one request; may reply now, later (after an RPC), or never (for one-way messages). */
    @FunctionalInterface
    interface Handler {
        /**
         * An {@link RpcError} becomes an error reply with its code; any other exception becomes
         * error 13 (crash) and is logged. The node goes on either way.
         */
        void handle(Request request) throws Exception;
    }
}
