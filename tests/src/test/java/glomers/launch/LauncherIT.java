package glomers.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers in {@code maelstrom-bin/} as Maelstrom uses them: started as child processes from a
 * scratch working directory, against the jars and CDS archives that {@code package} built. Asserts
 * behaviour, never timings.
 */
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("glomers.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path scratch;

    @Test
    void echoAnswersInitAndEchoFromAnotherWorkingDirectory() throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/echo"), scratch, Map.of());
        try {
            node.send(init("n0"));
            assertEquals("init_ok", node.readJson().path("body").path("type").asText());
            node.send("{\"id\":2,\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"msg_id\":7,\"echo\":\"hi\"}}");
            JsonNode reply = node.readJson();
            assertEquals("echo_ok", reply.path("body").path("type").asText());
            assertEquals("hi", reply.path("body").path("echo").asText());
            assertEquals(7, reply.path("body").path("in_reply_to").asInt());
        } finally {
            node.kill();
        }
    }

    /** The workloads of challenge 4: each launcher answers init, then an add and a read, on one node. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "g-counter, {\"delta\":3}, value, 3",
        "pn-counter, {\"delta\":-3}, value, -3",
        "g-set, {\"element\":3}, value, [3]"})
    void counterAndSetLaunchersAnswerAddAndRead(String binary, String addFields, String field, String expected)
            throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/" + binary), scratch, Map.of());
        try {
            node.send(init("n0"));
            assertEquals("init_ok", node.readJson().path("body").path("type").asText());
            node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"add\",\"msg_id\":1,"
                    + addFields.substring(1) + "}");
            assertEquals("add_ok", node.readJson().path("body").path("type").asText());
            node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"read\",\"msg_id\":2}}");
            JsonNode reply = node.readJson();
            assertEquals("read_ok", reply.path("body").path("type").asText());
            assertEquals(expected, reply.path("body").path(field).toString());
        } finally {
            node.kill();
        }
    }

    @Test
    void txnAnswersATransactionWithItsOwnWritesAndTheRequestsJsonTypes() throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/txn"), scratch, Map.of());
        try {
            node.send(init("n0"));
            assertEquals("init_ok", node.readJson().path("body").path("type").asText());
            node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"txn\",\"msg_id\":1,"
                    + "\"txn\":[[\"r\",1,null],[\"w\",1,7],[\"r\",1,null],[\"r\",\"1\",null]]}}");
            JsonNode reply = node.readJson();
            assertEquals("txn_ok", reply.path("body").path("type").asText());
            assertEquals("[[\"r\",1,null],[\"w\",1,7],[\"r\",1,7],[\"r\",\"1\",null]]",
                    reply.path("body").path("txn").toString());
        } finally {
            node.kill();
        }
    }

    @Test
    void kafkaAppendsPollsAndCommitsOnOneNode() throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/kafka"), scratch, Map.of());
        try {
            node.send(init("n0"));
            assertEquals("init_ok", node.readJson().path("body").path("type").asText());
            for (int i = 1; i <= 2; i++) {
                node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"send\",\"msg_id\":" + i
                        + ",\"key\":\"k\",\"msg\":" + (10 * i) + "}}");
                JsonNode reply = node.readJson();
                assertEquals("send_ok", reply.path("body").path("type").asText());
                assertEquals(i - 1, reply.path("body").path("offset").asInt());
            }
            node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"poll\",\"msg_id\":3,\"offsets\":{\"k\":1}}}");
            assertEquals("{\"k\":[[1,20]]}", node.readJson().path("body").path("msgs").toString());
            node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"commit_offsets\",\"msg_id\":4,\"offsets\":{\"k\":1}}}");
            assertEquals("commit_offsets_ok", node.readJson().path("body").path("type").asText());
            node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"list_committed_offsets\",\"msg_id\":5,\"keys\":[\"k\",\"x\"]}}");
            assertEquals("{\"k\":1}", node.readJson().path("body").path("offsets").toString());
        } finally {
            node.kill();
        }
    }

    @Test
    void aSecondKafkaProcessOnTheSameDataDirectoryFailsInitClearly() throws Exception {
        String data = "data=" + scratch.resolve("wal");
        Node first = Node.start(ROOT.resolve("maelstrom-bin/kafka"), scratch, Map.of(), data);
        Node second = Node.start(ROOT.resolve("maelstrom-bin/kafka"), scratch, Map.of(), data);
        try {
            first.send(init("n0"));
            assertEquals("init_ok", first.readJson().path("body").path("type").asText());
            first.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"send\",\"msg_id\":1,\"key\":\"k\",\"msg\":1}}");
            assertEquals("send_ok", first.readJson().path("body").path("type").asText());
            second.send(init("n0"));
            JsonNode refused = second.readJson().path("body");
            assertEquals("error", refused.path("type").asText());
            assertTrue(refused.path("text").asText().contains("in use by another process"), refused.toString());
        } finally {
            first.kill();
            second.kill();
        }
        // Killed without warning, as Maelstrom kills: the next start recovers the acknowledged send.
        Node restarted = Node.start(ROOT.resolve("maelstrom-bin/kafka"), scratch, Map.of(), data);
        try {
            restarted.send(init("n0"));
            assertEquals("init_ok", restarted.readJson().path("body").path("type").asText());
            restarted.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"poll\",\"msg_id\":2,\"offsets\":{\"k\":0}}}");
            assertEquals("{\"k\":[[0,1]]}", restarted.readJson().path("body").path("msgs").toString());
        } finally {
            restarted.kill();
        }
    }

    @Test
    void uniqueIdsAnswersInitAndGenerate() throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/unique-ids"), scratch, Map.of());
        try {
            node.send(init("n0"));
            assertEquals("init_ok", node.readJson().path("body").path("type").asText());
            node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"generate\",\"msg_id\":1}}");
            JsonNode reply = node.readJson();
            assertEquals("generate_ok", reply.path("body").path("type").asText());
            assertTrue(reply.path("body").has("id"));
        } finally {
            node.kill();
        }
    }

    @Test
    void worksThroughASymlinkToTheLauncher() throws Exception {
        Path link = Files.createSymbolicLink(scratch.resolve("echo-link"), ROOT.resolve("maelstrom-bin/echo"));
        Node node = Node.start(link, scratch, Map.of());
        try {
            node.send(init("n3"));
            assertEquals("init_ok", node.readJson().path("body").path("type").asText());
        } finally {
            node.kill();
            Files.delete(link);
        }
    }

    @Test
    void nodeArgumentsReachTheJvmLastAndIntact() throws Exception {
        // A stand-in java that records its arguments: the real node does not echo them back.
        Path record = scratch.resolve("args.txt");
        Path fakeJava = scratch.resolve("fake-java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + record + "'\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwx------"));
        Node node = Node.start(ROOT.resolve("maelstrom-bin/echo"), scratch,
                Map.of("GLOMERS_JAVA", fakeJava.toString(), "GLOMERS_JAVA_OPTS", "-Xmx99m -Dx=y"),
                "--flag", "two words", "");
        assertEquals(0, node.waitForExit());
        List<String> args = Files.readAllLines(record, StandardCharsets.UTF_8);
        int jar = args.indexOf("-jar");
        assertTrue(jar > 0, "no -jar in " + args);
        assertEquals(ROOT.resolve("nodes/echo/target/echo.jar").toRealPath().toString(), args.get(jar + 1));
        assertEquals(List.of("--flag", "two words", ""), args.subList(jar + 2, args.size()));
        assertTrue(args.indexOf("-Xmx99m") > args.indexOf("-Xmx192m"), "GLOMERS_JAVA_OPTS must come after the defaults: " + args);
        assertTrue(args.indexOf("-Dx=y") < jar, args.toString());
    }

    @Test
    void realNodeStartsWithArguments() throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/echo"), scratch, Map.of(), "--some", "arg");
        try {
            node.send(init("n0"));
            assertEquals("init_ok", node.readJson().path("body").path("type").asText());
        } finally {
            node.kill();
        }
    }

    @Test
    void missingJarPrintsTheBuildCommandAndFails() throws Exception {
        Path copy = copyLaunchers(scratch.resolve("repo"));
        Node node = Node.start(copy.resolve("maelstrom-bin/echo"), scratch, Map.of());
        node.closeStdin();
        int exit = node.waitForExit();
        assertNotEquals(0, exit);
        assertEquals("", node.readAllStdout());
        String stderr = node.stderr();
        assertTrue(stderr.contains("mvn -B -DskipTests package"), stderr);
        assertTrue(stderr.contains("nodes/echo/target/echo.jar"), stderr);
    }

    @Test
    void stdoutCarriesOnlyJsonWithAGarbageArchive() throws Exception {
        Path repo = copyWithArchive(scratch.resolve("repo"), "this is not a CDS archive\n".getBytes(StandardCharsets.US_ASCII));
        assertNodeAnswersWithJsonOnly(repo);
    }

    @Test
    void stdoutCarriesOnlyJsonWithAStaleArchive() throws Exception {
        // The real archive, but for the jar at another path with another timestamp: it cannot map.
        Path repo = copyWithArchive(scratch.resolve("repo"), Files.readAllBytes(ROOT.resolve("nodes/echo/target/echo.jsa")));
        assertNodeAnswersWithJsonOnly(repo);
    }

    @Test
    void jvmDiagnosticOutputGoesToStderr() throws Exception {
        // Flags a user may add through GLOMERS_JAVA_OPTS print on the JVM's "tty", stdout by default.
        Node node = Node.start(ROOT.resolve("maelstrom-bin/echo"), scratch,
                Map.of("GLOMERS_JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
        node.send(init("n0"));
        node.closeStdin();
        assertEquals(0, node.waitForExit(), node.stderr());
        for (String line : node.readAllStdout().split("\n")) {
            assertTrue(JSON.readTree(line).isObject(), "not a JSON object on stdout: " + line);
        }
        assertTrue(node.stderr().contains("-XX:+UseSerialGC"), node.stderr());
    }

    @Test
    void startupTuningIsOnByDefaultAndCanBeOverridden() throws Exception {
        // The launcher's JIT threshold scaling is in effect by default ...
        assertEquals("4.000000", finalFlag(Map.of("GLOMERS_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "CompileThresholdScaling"));
        // ... and GLOMERS_JAVA_OPTS wins over it and over the huge-page setting; the node still works.
        Map<String, String> env = Map.of("GLOMERS_JAVA_OPTS",
                "-XX:CompileThresholdScaling=1 -XX:-UseTransparentHugePages -XX:+PrintFlagsFinal");
        assertEquals("1.000000", finalFlag(env, "CompileThresholdScaling"));
        assertEquals("false", finalFlag(env, "UseTransparentHugePages"));
    }

    /** Starts an echo node with {@code env}, answers init, and reads one -XX:+PrintFlagsFinal value off stderr. */
    private String finalFlag(Map<String, String> env, String flag) throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/echo"), scratch, env);
        node.send(init("n0"));
        node.closeStdin();
        assertEquals(0, node.waitForExit(), node.stderr());
        String stdout = node.readAllStdout();
        for (String line : stdout.split("\n")) {
            assertTrue(JSON.readTree(line).isObject(), "not a JSON object on stdout: " + line);
        }
        assertTrue(stdout.contains("init_ok"), stdout);
        for (String line : node.stderr().split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 4 && words[1].equals(flag) && words[2].equals("=")) {
                return words[3];
            }
        }
        throw new AssertionError(flag + " not in -XX:+PrintFlagsFinal output: " + node.stderr().lines().limit(5).toList());
    }

    @Test
    void sigkillEndsTheJvmItself() throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/echo"), scratch, Map.of());
        node.send(init("n0"));
        assertEquals("init_ok", node.readJson().path("body").path("type").asText());
        // exec: the launcher's process is the JVM, with no shell left in between.
        assertEquals(0, node.process.descendants().count(), "the launcher must exec java, not fork it");
        assertTrue(node.process.info().command().orElse("java").endsWith("java"), node.process.info().toString());
        node.process.destroyForcibly();
        assertTrue(node.process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + 9, node.process.exitValue());
    }

    @Test
    void theArchiveBuiltByPackageMaps() throws Exception {
        Node node = Node.start(ROOT.resolve("maelstrom-bin/echo"), scratch,
                Map.of("GLOMERS_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:stderr"));
        try {
            node.send(init("n0"));
            assertEquals("init_ok", node.readJson().path("body").path("type").asText());
            String stderr = node.stderr();
            assertTrue(stderr.contains("glomers.echo.Main source: shared objects file"),
                    "the echo classes must come from the archive: " + stderr.lines().limit(20).toList());
        } finally {
            node.kill();
        }
    }

    private void assertNodeAnswersWithJsonOnly(Path repo) throws Exception {
        Node node = Node.start(repo.resolve("maelstrom-bin/echo"), scratch, Map.of());
        node.send(init("n0"));
        node.send("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"msg_id\":2,\"echo\":1}}");
        node.closeStdin();
        assertEquals(0, node.waitForExit(), node.stderr());
        List<String> types = new ArrayList<>();
        for (String line : node.readAllStdout().split("\n")) {
            JsonNode json = JSON.readTree(line);
            assertTrue(json.isObject(), "not a JSON object on stdout: " + line);
            types.add(json.path("body").path("type").asText());
        }
        assertEquals(List.of("init_ok", "echo_ok"), types);
    }

    /** The launchers alone, under a fresh root with no nodes built. */
    private static Path copyLaunchers(Path root) throws IOException {
        Path bin = root.resolve("maelstrom-bin");
        Files.createDirectories(bin.resolve("lib"));
        for (String file : List.of("echo", "unique-ids", "lib/launch")) {
            Files.copy(ROOT.resolve("maelstrom-bin").resolve(file), bin.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return root;
    }

    /** The launchers and a copy of the echo jar, with {@code archive} as its CDS archive, newer than the jar. */
    private static Path copyWithArchive(Path root, byte[] archive) throws IOException {
        copyLaunchers(root);
        Path target = Files.createDirectories(root.resolve("nodes/echo/target"));
        Files.copy(ROOT.resolve("nodes/echo/target/echo.jar"), target.resolve("echo.jar"));
        Path jsa = target.resolve("echo.jsa");
        Files.write(jsa, archive);
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        return root;
    }

    private static String init(String nodeId) {
        return "{\"id\":1,\"src\":\"c0\",\"dest\":\"" + nodeId + "\",\"body\":{\"type\":\"init\",\"msg_id\":1,\"node_id\":\""
                + nodeId + "\",\"node_ids\":[\"" + nodeId + "\"]}}";
    }

    /** A launcher process with its stdin, stdout and (file-backed) stderr. */
    private static final class Node {
        final Process process;
        private final OutputStream stdin;
        private final BufferedReader stdout;
        private final Path stderrFile;

        private Node(Process process, Path stderrFile) {
            this.process = process;
            this.stdin = process.getOutputStream();
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.stderrFile = stderrFile;
        }

        static Node start(Path launcher, Path workDir, Map<String, String> env, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(launcher.toString());
            command.addAll(List.of(args));
            Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(stderr.toFile());
            builder.environment().remove("GLOMERS_JAVA_OPTS");
            builder.environment().putAll(env);
            return new Node(builder.start(), stderr);
        }

        void send(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        void closeStdin() throws IOException {
            stdin.close();
        }

        JsonNode readJson() throws IOException {
            String line = stdout.readLine();
            if (line == null) {
                throw new IOException("stdout ended; stderr: " + stderr());
            }
            return JSON.readTree(line);
        }

        String readAllStdout() throws IOException {
            StringBuilder all = new StringBuilder();
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                all.append(line).append('\n');
            }
            return all.toString();
        }

        int waitForExit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the launcher did not exit");
            }
            return process.exitValue();
        }

        String stderr() {
            try {
                return Files.readString(stderrFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
