package glomers.guide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The guide's example project (nodes/core/example) as the tests see it: where it is, and its
 * sources compiled against this module's classpath, in a class loader of their own, the way a
 * user's jar beside harness.jar is loaded.
 */
final class ExampleNode {

    static final Path ROOT = Path.of(System.getProperty("glomers.root", "..")).toAbsolutePath().normalize();
    static final Path PROJECT = ROOT.resolve("nodes/core/example");
    static final Path README = ROOT.resolve("nodes/core/README.md");
    static final String CLASS = "com.example.gcounter.GCounter";

    private ExampleNode() {
    }

    static List<Path> sources() {
        try (Stream<Path> files = Files.walk(PROJECT.resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles the example into {@code classes} and returns a loader for it; fails with javac's messages. */
    static URLClassLoader compile(Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new AssertionError("no system Java compiler: run the build on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror",
                    "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
            boolean ok = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources())).call();
            if (!ok) {
                throw new AssertionError("the guide's example does not compile:\n" + diagnostics.getDiagnostics());
            }
        }
        return new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, ExampleNode.class.getClassLoader());
    }

    /** Runs {@code body} with {@code loader} as the thread's context class loader, where --node-class looks. */
    static <T> T withLoader(ClassLoader loader, Supplier<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return body.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
