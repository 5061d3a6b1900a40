package glomers.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options with defaults; unknown names are an error, not a silent typo. */
final class BenchArgs {

    private final Map<String, String> values = new HashMap<>();

    private BenchArgs() {
    }

    static BenchArgs parse(String[] args, String usage, String... names) {
        BenchArgs parsed = new BenchArgs();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length || !List.of(names).contains(name.substring(2))) {
                throw new IllegalArgumentException("bad option " + name + "\nusage: " + usage);
            }
            parsed.values.put(name.substring(2), args[++i]);
        }
        return parsed;
    }

    int intValue(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** The launcher to run: --bin, else maelstrom-bin/NAME under the repository root found from here. */
    Path launcher(String binary) {
        String given = values.get("bin");
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("maelstrom-bin").resolve(binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no maelstrom-bin/" + binary + " above the working directory; pass --bin PATH");
    }
}
