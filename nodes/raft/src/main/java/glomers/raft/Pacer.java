package glomers.raft;

import glomers.core.Env;
import glomers.core.Timer;

/**
 * One peer's outgoing messages, at most one per gap. Asking for a message when the last one went
 * out a gap ago or more sends it at once, so an idle cluster answers at network speed; asking
 * sooner schedules one message for the end of the gap, built then from the newest state, so a
 * busy cluster sends one batch per gap however many requests it serves. This is what keeps
 * messages per operation under one at a thousand operations a second.
 */
final class Pacer {

    private final Env env;
    private long gapNanos;
    private final Runnable send;
    private long lastSentNanos = Long.MIN_VALUE / 2;
    private Timer timer;
    private boolean wanted;

    Pacer(Env env, long gapNanos, Runnable send) {
        this.env = env;
        this.gapNanos = gapNanos;
        this.send = send;
    }

    /** Asks for one message, now or at the end of the gap. */
    void want() {
        wanted = true;
        if (timer != null) {
            return;
        }
        long wait = lastSentNanos + gapNanos - env.nowNanos();
        if (wait <= 0) {
            fire();
        } else {
            timer = env.after(wait, this::fire);
        }
    }

    private void fire() {
        timer = null;
        if (wanted) {
            wanted = false;
            lastSentNanos = env.nowNanos();
            send.run();
        }
    }

    /**
     * Records a message sent to this peer outside the pacer (an ack): it carried whatever was
     * wanted, and the gap starts again from it.
     */
    void sentNow() {
        wanted = false;
        lastSentNanos = env.nowNanos();
        if (timer != null) {
            // The gap starts again from here: a want after this must wait for all of it.
            timer.cancel();
            timer = null;
        }
    }

    /** Changes the gap from the next message on. */
    void gap(long nanos) {
        gapNanos = nanos;
    }

    /** Whether a message is asked for and not yet sent. */
    boolean wanted() {
        return wanted;
    }

    long lastSentNanos() {
        return lastSentNanos;
    }
}
