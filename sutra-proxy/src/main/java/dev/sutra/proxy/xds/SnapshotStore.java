package dev.sutra.proxy.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * The last accepted {@link XdsSnapshot}, kept in the proxy's state directory so that a proxy which
 * restarts while the control plane is down still serves.
 *
 * <p>The file, {@value #FILE_NAME}, holds the magic line {@code sutra-xds-snapshot 1}, then
 * length-delimited protobuf messages: a {@code google.protobuf.Timestamp} (when the snapshot was
 * received), and one {@code DiscoveryResponse} per type (type URL, version, resources as received),
 * and ends with a CRC32C of those messages, so that a damaged file is told apart from a valid one.
 * It is replaced atomically (written beside, flushed, moved over) and readable by its owner only:
 * it describes the mesh as this proxy sees it.
 */
public final class SnapshotStore {

    /** The file's name in the state directory. */
    public static final String FILE_NAME = "xds-snapshot.pb";

    private static final byte[] MAGIC = "sutra-xds-snapshot 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CRC_BYTES = 4;

    private final Path directory;
    private final Path file;

    /** A store in {@code stateDirectory}, which is created on the first save when missing. */
    public SnapshotStore(Path stateDirectory) {
        this.directory = requireNonNull(stateDirectory, "stateDirectory");
        this.file = stateDirectory.resolve(FILE_NAME);
    }

    /** The snapshot file, {@value #FILE_NAME} in the state directory. */
    public Path file() {
        return file;
    }

    /** Replaces the stored snapshot with {@code snapshot}, atomically. */
    public void save(XdsSnapshot snapshot) throws IOException {
        requireNonNull(snapshot, "snapshot");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Instant at = snapshot.receivedAt();
        Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build().writeDelimitedTo(body);
        for (String type : new TreeSet<>(snapshot.types().keySet())) {
            TypeResources held = snapshot.of(type);
            DiscoveryResponse.newBuilder()
                    .setTypeUrl(type)
                    .setVersionInfo(held.version())
                    .addAllResources(held.resources().values())
                    .build()
                    .writeDelimitedTo(body);
        }
        CRC32C crc = new CRC32C();
        crc.update(body.toByteArray());
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + body.size() + CRC_BYTES)
                .put(MAGIC).put(body.toByteArray()).putInt((int) crc.getValue()).flip();
        write(out);
    }

    private void write(ByteBuffer bytes) throws IOException {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectories(directory, ownerOnly("rwx------"));
        } else {
            Files.createDirectories(directory);
        }
        Path temp = posix
                ? Files.createTempFile(directory, ".xds-snapshot-", ".tmp", ownerOnly("rw-------"))
                : Files.createTempFile(directory, ".xds-snapshot-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                // Flushed before the move, so a crash never leaves a renamed but empty file.
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    /**
     * The stored snapshot, or empty when there is none.
     *
     * @throws IOException when the file cannot be read or is damaged; the message names the file
     */
    public Optional<XdsSnapshot> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length < MAGIC.length + CRC_BYTES || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw corrupt("not a Sutra xDS snapshot");
        }
        int end = bytes.length - CRC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, MAGIC.length, end - MAGIC.length);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, end, CRC_BYTES).getInt()) {
            throw corrupt("checksum mismatch");
        }
        try {
            return Optional.of(parse(new ByteArrayInputStream(bytes, MAGIC.length, end - MAGIC.length)));
        } catch (IOException | InvalidConfigException | RuntimeException e) {
            throw corrupt(e.getMessage());
        }
    }

    private static XdsSnapshot parse(InputStream in) throws IOException, InvalidConfigException {
        Timestamp at = Timestamp.parseDelimitedFrom(in);
        if (at == null) {
            throw new IOException("no timestamp");
        }
        Map<String, TypeResources> types = new HashMap<>();
        DiscoveryResponse response;
        while ((response = DiscoveryResponse.parseDelimitedFrom(in)) != null) {
            if (!ResponseDecoder.TYPES.contains(response.getTypeUrl())) {
                throw new IOException("unexpected type " + response.getTypeUrl());
            }
            if (types.put(response.getTypeUrl(), ResponseDecoder.decode(response)) != null) {
                throw new IOException(response.getTypeUrl() + " appears twice");
            }
        }
        return new XdsSnapshot(types, Instant.ofEpochSecond(at.getSeconds(), at.getNanos()));
    }

    private IOException corrupt(String reason) {
        return new IOException(file + " is damaged: " + reason);
    }
}
