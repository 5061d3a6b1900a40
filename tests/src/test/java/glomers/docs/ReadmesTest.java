package glomers.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's pages stay navigable: a short front page, a README.md in every module, and
 * every relative link between them (with its #anchor) pointing at something that exists.
 */
class ReadmesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");

    @Test
    void frontPageStaysShort() throws IOException {
        int lines = Files.readAllLines(ROOT.resolve("README.md")).size();
        assertTrue(lines <= 200, "README.md has " + lines + " lines; put designs and figures in module READMEs");
    }

    @Test
    void everyModuleAndFolderHasAReadmeLinkedFromTheFrontPage() throws IOException {
        String front = Files.readString(ROOT.resolve("README.md"));
        List<String> folders = new ArrayList<>(List.of("tests", "run-scripts", "maelstrom-bin"));
        try (Stream<Path> nodes = Files.list(ROOT.resolve("nodes"))) {
            nodes.filter(d -> Files.exists(d.resolve("pom.xml")))
                    .map(d -> "nodes/" + d.getFileName())
                    .sorted()
                    .forEach(folders::add);
        }
        List<String> missing = new ArrayList<>();
        for (String folder : folders) {
            String readme = folder + "/README.md";
            if (!Files.exists(ROOT.resolve(readme)) || !front.contains("](" + readme)) {
                missing.add(readme);
            }
        }
        assertEquals(List.of(), missing, "modules without a README.md, or one the front page does not link");
    }

    @Test
    void relativeLinksAndAnchorsResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : readmes()) {
            for (String target : links(page)) {
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto: not checked offline
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = ROOT.relativize(page) + " -> " + target;
                if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(anchor)) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    private static List<Path> readmes() throws IOException {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(p -> p.getFileName().toString().equals("README.md"))
                    .filter(p -> !ROOT.relativize(p).toString().matches("(\\.git|.*target|results|.*node_modules).*"))
                    .filter(p -> !p.toString().contains("/src/test/resources/"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<String> links(Path page) throws IOException {
        List<String> found = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(page)) {
            if (FENCE.matcher(line).find()) {
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                continue;
            }
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /** GitHub's anchors: the heading lower-cased, punctuation dropped, spaces made hyphens. */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new TreeSet<>();
        boolean inCode = false;
        List<String> lines;
        try {
            lines = Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                inCode = !inCode;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!inCode && m.matches()) {
                anchors.add(slug(m.group(1)));
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("`", "").trim().toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
            i += Character.charCount(c);
        }
        return slug.toString();
    }

    @Test
    void slugsAreGithubs() {
        assertEquals("reading-a-runs-report", slug("Reading a run's report"));
        assertEquals("the-challenge-matrix-local-harness-process-mode",
                slug("The challenge matrix, local harness, process mode"));
        assertEquals("figures-of-the-message-path", slug("Figures of the message path"));
        assertEquals("nodeskafka-maelstroms-kafka-workload-challenges-5a5c",
                slug("nodes/kafka: Maelstrom's kafka workload (challenges 5a–5c)"));
    }
}
