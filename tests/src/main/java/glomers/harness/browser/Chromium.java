package glomers.harness.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A headless Chromium of our own: a fresh profile folder, DevTools on a port the browser picks
 * (read back from the profile's DevToolsActivePort), and on close the whole process tree killed
 * and the profile deleted, whatever happened before; a shutdown hook does the same if the JVM is
 * stopped while it runs.
 */
final class Chromium implements AutoCloseable {

    /**
     * Debian's headless flags that work on this kind of machine; without the background-networking
     * ones Chromium keeps dialling Google's hosts through a closed network. (Its two crashpad
     * handlers detach from the tree and end by themselves when the browser does; turning them off
     * with --disable-crashpad-for-testing made navigation hang here.)
     */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--window-size=" + PageCheck.WINDOW_WIDTH + "," + PageCheck.WINDOW_HEIGHT,
            "--remote-debugging-port=0");
    private static final int STDERR_LINES = 20;

    private final Process process;
    private final Path profile;
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final Thread hook = new Thread(this::close, "chromium-cleanup");
    private DevTools devTools;
    private boolean closed;

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The browser: {@code $CHROMIUM}, else the first of chromium, chromium-browser, google-chrome on PATH. */
    static Optional<Path> find() {
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts {@code exe} headless and connects to it; on any failure nothing is left behind. */
    static Chromium start(Path exe, Duration timeout) throws IOException {
        Path profile = Files.createTempDirectory("glomers-chromium-");
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + profile);
        cmd.add("about:blank");
        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteTree(profile);
            throw e;
        }
        Chromium browser = new Chromium(process, profile);
        Runtime.getRuntime().addShutdownHook(browser.hook);
        try {
            browser.drainStderr();
            browser.devTools = DevTools.connect(browser.awaitEndpoint(timeout), timeout);
            return browser;
        } catch (IOException | RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    DevTools devTools() {
        return devTools;
    }

    /** Chromium's own stderr, last lines, for a failure's message (its D-Bus complaints left out). */
    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private void drainStderr() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.contains("dbus") || line.contains("D-Bus")) {
                        continue; // no system bus in a container: harmless, and many lines
                    }
                    synchronized (stderrTail) {
                        stderrTail.addLast(line);
                        if (stderrTail.size() > STDERR_LINES) {
                            stderrTail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // the browser is gone; its tail so far stands
            }
        }, "chromium-stderr");
        t.setDaemon(true);
        t.start();
    }

    /** The browser's DevTools address, once Chromium has written DevToolsActivePort (port, then path). */
    private URI awaitEndpoint(Duration timeout) throws IOException {
        Path file = profile.resolve("DevToolsActivePort");
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadlineNs) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
                }
            }
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue() + " before DevTools was up:\n"
                        + stderrTail());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while Chromium started", e);
            }
        }
        throw new IOException("Chromium wrote no DevToolsActivePort in " + timeout.toSeconds() + " s:\n" + stderrTail());
    }

    /** Kills the browser's process tree and deletes its profile; once, from whichever caller is first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Straight to SIGKILL for the whole tree: the profile is thrown away, so a graceful
        // Browser.close buys nothing and costs over a second. Listed before the browser dies,
        // because its orphans are no longer its descendants afterwards.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        if (devTools != null) {
            devTools.close();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        waitForExit(tree, Duration.ofSeconds(5));
        deleteTree(profile); // after the kill, so nothing writes into it as it goes
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    /**
     * Until every process is gone or a zombie. A killed renderer is re-parented to init, which
     * may take seconds to reap it; {@link ProcessHandle#isAlive} counts it alive until then.
     */
    private static void waitForExit(List<ProcessHandle> tree, Duration timeout) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (tree.stream().anyMatch(Chromium::running) && System.nanoTime() < deadlineNs) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Alive and not a zombie, from /proc/PID/stat's state (after the parenthesised name). */
    private static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return p.isAlive(); // no /proc (or it just went): the JDK's answer
        }
    }

    /** Deletes the profile; Chromium may still flush a file as it dies, so a second pass after a pause. */
    private static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
