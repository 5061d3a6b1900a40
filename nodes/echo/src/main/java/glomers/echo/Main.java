package glomers.echo;

import glomers.core.StdioRuntime;

/** The echo binary. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(new EchoNode(), args);
    }
}
