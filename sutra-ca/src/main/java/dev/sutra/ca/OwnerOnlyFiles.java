package dev.sutra.ca;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets: private keys and MAC keys. On POSIX file systems they are created mode
 * 0600 in directories of mode 0700, from the first byte on (never written and then narrowed), and
 * replaced atomically so a crash leaves the old file or the new one, never half of one. Elsewhere
 * the platform's defaults apply.
 */
public final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyFiles() {
    }

    /**
     * Creates {@code directory} (and missing parents, with default modes) with mode 0700 unless it
     * exists; an existing directory is left as it is.
     */
    public static Path createDirectory(Path directory) throws IOException {
        requireNonNull(directory, "directory");
        if (Files.isDirectory(directory)) {
            return directory;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (isPosix(directory)) {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
                // The umask applies to the creation mode; set exactly 0700 whatever it is.
                Files.setPosixFilePermissions(directory, DIRECTORY_MODE);
            } else {
                Files.createDirectory(directory);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
        return directory;
    }

    /** Writes {@code content} to {@code file}, replacing it atomically, readable by the owner only. */
    public static void write(Path file, byte[] content) throws IOException {
        requireNonNull(file, "file");
        requireNonNull(content, "content");
        Path directory = file.toAbsolutePath().getParent();
        FileAttribute<?>[] attributes = isPosix(directory)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // On disk before the rename, so the rename never publishes an empty file after a crash.
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Checks that group and others have no access to {@code path} (on POSIX file systems).
     *
     * @throws IOException naming the file, its mode and the fix
     */
    public static void requireOwnerOnly(Path path) throws IOException {
        requireNonNull(path, "path");
        if (!isPosix(path)) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
        if (mode.stream().anyMatch(OTHERS::contains)) {
            throw new IOException(path + ": mode " + PosixFilePermissions.toString(mode)
                    + " lets other users at a secret (expected: owner only; run chmod "
                    + (Files.isDirectory(path) ? "700 " : "600 ") + path + ")");
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
