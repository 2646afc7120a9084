package dev.sutra.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The config files a command was pointed at: files, directories (their YAML/JSON, recursively) or stdin. */
final class ConfigInputs {

    /** One input: the name errors give it and its text. */
    record Input(String name, String text) {
    }

    private ConfigInputs() {
    }

    static List<Input> read(List<String> arguments) throws IOException {
        List<Input> inputs = new ArrayList<>();
        for (String arg : arguments) {
            if (arg.equals("-")) {
                inputs.add(new Input("<stdin>", new String(System.in.readAllBytes(), StandardCharsets.UTF_8)));
                continue;
            }
            Path path = Path.of(arg);
            if (!Files.exists(path)) {
                throw new NoSuchFileException(arg, null, "no such file or directory");
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path file : walk.filter(Files::isRegularFile).filter(ConfigInputs::isConfig).sorted().toList()) {
                        inputs.add(new Input(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
                    }
                }
            } else {
                inputs.add(new Input(path.toString(), Files.readString(path, StandardCharsets.UTF_8)));
            }
        }
        return inputs;
    }

    static boolean isConfig(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }
}
