package dev.sutra.ca.authority;

import dev.sutra.ca.OwnerOnlyFiles;
import dev.sutra.ca.Pem;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Properties;

/**
 * A self-signed CA's state directory:
 *
 * <pre>
 * ca-state.properties     stage and which roots it uses (written last, so it never names missing files)
 * root-&lt;id&gt;.cert.pem      each root's certificate
 * root-&lt;id&gt;.key.pem       each root's PKCS#8 private key
 * </pre>
 *
 * All of them mode 0600 in a 0700 directory. Every write replaces a file atomically.
 */
final class CaStore {

    static final String STATE_FILE = "ca-state.properties";
    private static final String FORMAT = "1";

    private final Path directory;
    private final SecureRandom random;

    CaStore(Path directory, SecureRandom random) {
        this.directory = directory;
        this.random = random;
    }

    Path directory() {
        return directory;
    }

    /** The stored state, or empty on first start (no state file yet). */
    Optional<CaState> load() throws IOException {
        Path file = directory.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String format = properties.getProperty("format", "");
        if (!format.equals(FORMAT)) {
            throw new CaLoadException(file + ": format=" + format + " (expected: " + FORMAT + ")");
        }
        String stage = properties.getProperty("stage", "");
        StoredRoot active = loadRoot(file, properties, "active");
        return Optional.of(switch (stage) {
            case "steady" -> new CaState.Steady(active);
            case "staged" -> new CaState.Staged(active, loadRoot(file, properties, "next"));
            case "activated" -> new CaState.Activated(active, loadRoot(file, properties, "previous"));
            default -> throw new CaLoadException(file + ": stage=" + stage
                    + " (expected: steady, staged or activated)");
        });
    }

    /** Records {@code state}; its roots must have been {@linkplain #writeRoot written} before. */
    void save(CaState state) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("# Sutra CA state: which roots are trusted and which one signs.\n")
                .append("# Written by the control plane; edit only while it is stopped.\n")
                .append("format=").append(FORMAT).append('\n');
        switch (state) {
            case CaState.Steady steady -> text.append("stage=steady\nactive=").append(steady.active().id());
            case CaState.Staged staged -> text.append("stage=staged\nactive=").append(staged.active().id())
                    .append("\nnext=").append(staged.next().id());
            case CaState.Activated activated -> text.append("stage=activated\nactive=").append(activated.active().id())
                    .append("\nprevious=").append(activated.previous().id());
        }
        text.append('\n');
        OwnerOnlyFiles.write(directory.resolve(STATE_FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a root's key, then its certificate. */
    void writeRoot(StoredRoot root) throws IOException {
        OwnerOnlyFiles.createDirectory(directory);
        OwnerOnlyFiles.write(keyFile(root.id()), Pem.encodePrivateKey(root.key()).getBytes(StandardCharsets.US_ASCII));
        OwnerOnlyFiles.write(certificateFile(root.id()),
                Pem.encodeCertificate(root.certificate()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Deletes a root no longer in the state; its key is of no further use. */
    void deleteRoot(StoredRoot root) throws IOException {
        Files.deleteIfExists(keyFile(root.id()));
        Files.deleteIfExists(certificateFile(root.id()));
    }

    private StoredRoot loadRoot(Path stateFile, Properties properties, String name) throws IOException {
        String value = properties.getProperty(name, "");
        int id;
        try {
            id = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CaLoadException(stateFile + ": " + name + "=" + value + " (expected: a root number)", e);
        }
        Path keyFile = keyFile(id);
        Path certificateFile = certificateFile(id);
        OwnerOnlyFiles.requireOwnerOnly(keyFile);
        X509Certificate certificate = Pem.readCertificate(certificateFile);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        if (certificate.getBasicConstraints() < 0) {
            throw new CaLoadException(certificateFile + ": not a CA certificate (basicConstraints CA:false or absent)");
        }
        if (!KeyPolicy.matches(key, certificate.getPublicKey(), random)) {
            throw new CaLoadException(keyFile + ": does not match the public key of " + certificateFile);
        }
        return new StoredRoot(id, certificate, key);
    }

    private Path keyFile(int id) {
        return directory.resolve("root-" + id + ".key.pem");
    }

    private Path certificateFile(int id) {
        return directory.resolve("root-" + id + ".cert.pem");
    }
}
