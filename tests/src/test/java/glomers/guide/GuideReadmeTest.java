package glomers.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * nodes/core/README.md ("Write a Maelstrom node in Java") cannot rot: each java block appears,
 * line for line (indentation aside), in the sources this module compiles and runs
 * (com.example.guide) or in the example project, whose pom and launcher the xml and launcher
 * blocks must match, at the version of the root pom.
 */
class GuideReadmeTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^```(\\w+)\\n(.*?)^```$", Pattern.DOTALL);

    record Block(String language, String text) {
    }

    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    /** Each line without its indentation or trailing blanks; lines joined by \n and framed by \n. */
    static String normalised(String text) {
        StringBuilder b = new StringBuilder("\n");
        String lines = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String line : lines.split("\n", -1)) {
            b.append(line.strip()).append('\n');
        }
        return b.toString();
    }

    private static String readme() throws IOException {
        return Files.readString(ExampleNode.README);
    }

    private static String compiledSources() throws IOException {
        StringBuilder all = new StringBuilder();
        List<Path> files = new ArrayList<>(ExampleNode.sources());
        try (Stream<Path> guide = Files.list(ExampleNode.ROOT.resolve("tests/src/test/java/com/example/guide"))) {
            guide.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            all.append(normalised(Files.readString(file)));
        }
        return all.toString();
    }

    @Test
    void everyJavaBlockIsCompiledCode() throws IOException {
        String sources = compiledSources();
        List<Block> java = blocks(readme()).stream().filter(b -> b.language().equals("java")).toList();
        assertTrue(java.size() >= 9, "the guide's java blocks were not found: " + java.size());
        for (Block block : java) {
            assertTrue(sources.contains(normalised(block.text())), () -> "this java block of " + ExampleNode.README
                    + " is in no compiled source (com/example/guide or the example); change the code there and "
                    + "copy it back:\n" + block.text());
        }
    }

    @Test
    void theExampleIsShownWholeWithItsPomAndLauncher() throws IOException {
        List<Block> blocks = blocks(readme());
        for (Path source : ExampleNode.sources()) {
            String text = Files.readString(source);
            assertTrue(blocks.stream().anyMatch(b -> b.text().equals(text)), source + " is not in the guide whole");
        }
        String pom = Files.readString(ExampleNode.PROJECT.resolve("pom.xml"));
        assertTrue(blocks.stream().anyMatch(b -> b.language().equals("xml") && b.text().equals(pom)),
                "the example's pom.xml is not in the guide whole");
        for (Block xml : blocks.stream().filter(b -> b.language().equals("xml")).toList()) {
            assertTrue(normalised(pom).contains(normalised(xml.text())), "an xml block is not the example's pom:\n"
                    + xml.text());
        }
        String launcher = Files.readString(ExampleNode.PROJECT.resolve("gcounter"));
        assertTrue(blocks.stream().anyMatch(b -> b.text().equals(launcher)), "the launcher is not in the guide whole");
        assertTrue(Files.isExecutable(ExampleNode.PROJECT.resolve("gcounter")), "the launcher is not executable");
    }

    @Test
    void theCoordinatesAreTheRootPomsVersion() throws IOException {
        Matcher parent = Pattern.compile("<artifactId>glomers-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ExampleNode.ROOT.resolve("pom.xml")));
        assertTrue(parent.find(), "no glomers-parent version in the root pom");
        String version = parent.group(1);
        Matcher dependency = Pattern.compile("<groupId>io.glomers</groupId>\\s*<artifactId>(glomers-[a-z]+)</artifactId>"
                + "\\s*<version>([^<]+)</version>").matcher(Files.readString(ExampleNode.PROJECT.resolve("pom.xml")));
        List<String> artifacts = new ArrayList<>();
        while (dependency.find()) {
            assertEquals(version, dependency.group(2), dependency.group(1) + " in the example's pom");
            artifacts.add(dependency.group(1));
        }
        assertEquals(List.of("glomers-core", "glomers-kv"), artifacts);
    }

    @Test
    void theBlocksAreFoundAsMarkdownDoes() {
        List<Block> found = blocks("text\n```java\nint a;\n```\nmore\n```sh\nls\n```\n");
        assertEquals(List.of(new Block("java", "int a;\n"), new Block("sh", "ls\n")), found);
        assertTrue(normalised("    int a;\n        b();\n").contains(normalised("int a;\n  b();\n")));
        assertTrue(!normalised("int a;\nc();\n").contains(normalised("int a;\nb();\n")));
    }
}
