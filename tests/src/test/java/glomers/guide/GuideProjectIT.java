package glomers.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guide's example project (nodes/core/example) built as a user builds it: its own pom, the
 * coordinates the guide gives, resolved from a Maven repository that holds io.glomers as
 * {@code mvn install} lays it out. CI runs {@code verify}, never {@code install}, and the user's
 * ~/.m2 must not receive a half-built snapshot, so the glomers artifacts this build packaged go
 * into a private repository under target/, and everything else comes from this build's own local
 * repository through a file:// mirror: no network. Then the jar runs under the harness, in the
 * simulator through {@code --node-class} and as processes through the guide's launcher script,
 * with the very commands the guide prints (shortened).
 */
class GuideProjectIT {

    private static final Path WORK = ExampleNode.ROOT.resolve("tests/target/guide-it");
    private static final Path REPOSITORY = WORK.resolve("repository");
    private static final Path PROJECT = WORK.resolve("gcounter");

    @BeforeAll
    static void buildTheExampleAgainstInstalledArtifacts() throws Exception {
        String version = required("glomers.version");
        deleteRecursively(WORK);
        install("glomers-parent", version, ExampleNode.ROOT.resolve("pom.xml"), null);
        for (String module : List.of("core", "kv")) {
            Path dir = ExampleNode.ROOT.resolve("nodes/" + module);
            Path jar = dir.resolve("target/glomers-" + module + "-" + version + ".jar");
            assertTrue(Files.isRegularFile(jar), jar + " is missing: package nodes/" + module + " first");
            install("glomers-" + module, version, dir.resolve("pom.xml"), jar);
        }
        Path settings = WORK.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror>
                      <id>this-build</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(REPOSITORY, Path.of(required("glomers.local.repository")).toUri()));
        copyProject(ExampleNode.PROJECT, PROJECT);
        Path mvn = Path.of(required("glomers.maven.home"), "bin", "mvn");
        assertTrue(Files.isExecutable(mvn), mvn + " is not executable: the build's own Maven must run the example");
        Result build = run(PROJECT, 240, mvn.toString(), "-B", "-q", "-s", settings.toString(), "-gs",
                settings.toString(), "-Dmaven.repo.local=" + REPOSITORY, "package");
        assertEquals(0, build.code, "the guide's example did not build against the installed coordinates:\n"
                + build.output);
    }

    /** Lays one artifact out as {@code mvn install} does: group/artifact/version/artifact-version.ext. */
    private static void install(String artifactId, String version, Path pom, Path jar) throws IOException {
        Path dir = REPOSITORY.resolve("io/glomers").resolve(artifactId).resolve(version);
        Files.createDirectories(dir);
        Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"));
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
        }
    }

    @Test
    void theGuidesSimulatorCommandPassesIt() throws Exception {
        List<String> command = guideCommand("--node-class", "20", "5");
        command.addAll(List.of("--seed", "7", "--results-dir", WORK.resolve("results").toString()));
        Result run = run(ExampleNode.ROOT, 120, command.toArray(String[]::new));
        assertEquals(0, run.code, run.output);
        assertTrue(run.output.contains("g-counter in sim mode"), run.output);
    }

    @Test
    void theGuidesProcessCommandPassesIt() throws Exception {
        List<String> command = guideCommand("--mode process", "20", "5");
        command.addAll(List.of("--results-dir", WORK.resolve("results").toString()));
        Result run = run(ExampleNode.ROOT, 120, command.toArray(String[]::new));
        assertEquals(0, run.code, run.output);
        assertTrue(run.output.contains("g-counter in process mode"), run.output);
    }

    /**
     * The guide's {@code java ... test} command that contains {@code marker}, as words: this JVM's
     * java, no report page, the example's paths pointing at the copy built here, and the time
     * limit {@code from} cut to {@code to} seconds.
     */
    private static List<String> guideCommand(String marker, String from, String to) throws IOException {
        String readme = Files.readString(ExampleNode.README);
        List<String> found = GuideReadmeTest.blocks(readme).stream()
                .filter(b -> b.language().equals("sh") && b.text().startsWith("java ") && b.text().contains(marker))
                .map(b -> b.text().replace("\\\n", " ").strip()).toList();
        assertEquals(1, found.size(), "one java command with " + marker + " in the guide: " + found);
        List<String> words = new ArrayList<>(List.of(found.get(0).split("\\s+")));
        words.set(0, java());
        words.add(1, "-Dglomers.report.html=false");
        int limit = words.indexOf("--time-limit");
        assertEquals(from, words.get(limit + 1), "the guide's time limit");
        words.set(limit + 1, to);
        words.replaceAll(GuideProjectIT::toTheCopy);
        return words;
    }

    /** nodes/core/example/... (alone or in a classpath) becomes the same path in the copy built here. */
    private static String toTheCopy(String word) {
        List<String> parts = new ArrayList<>();
        for (String part : word.split(":", -1)) {
            String prefix = "nodes/core/example/";
            parts.add(part.startsWith(prefix) ? PROJECT.resolve(part.substring(prefix.length())).toString() : part);
        }
        return String.join(":", parts);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new AssertionError("system property " + property + " is not set: run this test through "
                    + "`mvn verify`, whose failsafe configuration (tests/pom.xml) passes it");
        }
        return value;
    }

    private record Result(int code, String output) {
    }

    /** Runs a command with this JVM's JDK as JAVA_HOME and on PATH; its output on failure only. */
    private static Result run(Path dir, long timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile(WORK, "command-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        String javaHome = System.getProperty("java.home");
        builder.environment().put("JAVA_HOME", javaHome);
        builder.environment().put("PATH", Path.of(javaHome, "bin") + ":" + System.getenv().getOrDefault("PATH", ""));
        Process process = builder.start();
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        String output = String.join(" ", command) + "\n" + Files.readString(log, StandardCharsets.UTF_8);
        return new Result(done ? process.exitValue() : -1, done ? output : "timed out after " + timeoutSeconds
                + " s\n" + output);
    }

    /** The project as a user has it: sources, pom and the executable launcher; no target/. */
    private static void copyProject(Path from, Path to) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.filter(p -> !from.relativize(p).startsWith("target")).forEach(files::add);
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(target);
            } else {
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.createDirectories(dir);
    }
}
