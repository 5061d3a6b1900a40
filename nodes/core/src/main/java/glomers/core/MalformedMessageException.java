package glomers.core;

/** A line that is not one envelope Maelstrom could have sent: logged and skipped, never fatal. */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String reason) {
        super(reason, null, false, false);
    }
}
