package glomers.uniqueids;

import glomers.core.StdioRuntime;

/** The unique-ids binary. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StdioRuntime.run(new UniqueIdsNode(), args);
    }
}
