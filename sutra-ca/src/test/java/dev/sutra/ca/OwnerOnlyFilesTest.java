package dev.sutra.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsDirectoriesAndFilesForTheOwnerOnly() throws Exception {
        Path state = OwnerOnlyFiles.createDirectory(dir.resolve("a/state"));
        Path file = state.resolve("secret");
        OwnerOnlyFiles.write(file, new byte[] {1, 2, 3});

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    }

    @Test
    void replacesContentWithoutLeavingTemporaryFiles() throws Exception {
        Path file = dir.resolve("secret");
        OwnerOnlyFiles.write(file, new byte[] {1});
        OwnerOnlyFiles.write(file, new byte[] {2, 2});

        assertThat(Files.readAllBytes(file)).containsExactly(2, 2);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void leavesAnExistingDirectoryAsItIs() throws Exception {
        Path existing = Files.createDirectory(dir.resolve("existing"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));

        OwnerOnlyFiles.createDirectory(existing);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxr-x---");
    }

    @Test
    void refusesASecretOthersCanRead() throws Exception {
        Path file = dir.resolve("key.pem");
        OwnerOnlyFiles.write(file, new byte[] {1});
        OwnerOnlyFiles.requireOwnerOnly(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> OwnerOnlyFiles.requireOwnerOnly(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ": mode rw-r--r-- lets other users at a secret (expected: owner only; run chmod 600 "
                        + file + ")");
    }
}
