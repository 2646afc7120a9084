package dev.sutra.cli.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the {@code sutra} command again in a child JVM: from the same jar, or the same class path. */
final class SelfLauncher {

    private SelfLauncher() {
    }

    static List<String> command(List<String> jvmArgs, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(jvmArgs);
        Path self = location();
        if (self != null && Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
            command.add("-jar");
            command.add(self.toString());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("dev.sutra.cli.Sutra");
        }
        command.addAll(args);
        return command;
    }

    private static Path location() {
        try {
            return Path.of(SelfLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }
}
