package glomers.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Maelstrom does with misbehaving processes, shown with tiny bash "nodes": one that exits
 * after init (aborts at teardown, exit 255) and one that prints a log line to stdout (Maelstrom
 * stops reading it: a protocol violation, exit 255).
 */
class ProcessFaultsIT {

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path bin = dir.resolve(name);
        Files.writeString(bin, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static final String INIT_OK =
            "read line; echo '{\"src\":\"n0\",\"dest\":\"c0\",\"body\":{\"type\":\"init_ok\",\"in_reply_to\":1}}'";

    @Test
    void aNodeThatExitsAbortsTheRun() throws Exception {
        Path bin = script("quitter", INIT_OK + "\necho bye >&2\nexit 3");
        RunConfig c = RunConfig.defaults("echo", bin.toString(), 1, 1).withTimeLimit(1)
                .withMode(RunConfig.Mode.PROCESS, dir.resolve("results"));
        RunResult r = Run.execute(c, null);
        assertEquals(255, r.exitCode());
        assertTrue(r.abortReason().contains("exit status 3"), r.abortReason());
        assertTrue(r.abortReason().contains("bye"), r.abortReason());
        assertTrue(r.checks().isEmpty(), "Maelstrom reports no checker results after a crash");
    }

    @Test
    void aLogLineOnStdoutIsAProtocolViolation() throws Exception {
        Path bin = script("chatty", INIT_OK + "\necho 'starting up'\nsleep 60");
        RunConfig c = RunConfig.defaults("echo", bin.toString(), 1, 1).withTimeLimit(1)
                .withMode(RunConfig.Mode.PROCESS, dir.resolve("results"));
        RunResult r = Run.execute(c, null);
        assertEquals(255, r.exitCode());
        assertTrue(r.abortReason().contains("node n0") && r.abortReason().contains("starting up"), r.abortReason());
    }

    @Test
    void noInitOkAbortsAfterTenSeconds() throws Exception {
        Path bin = script("mute", "sleep 60");
        RunConfig c = RunConfig.defaults("echo", bin.toString(), 1, 1).withTimeLimit(1)
                .withMode(RunConfig.Mode.PROCESS, dir.resolve("results"));
        RunResult r = Run.execute(c, null);
        assertEquals(255, r.exitCode());
        assertTrue(r.abortReason().contains("init_ok"), r.abortReason());
    }
}
