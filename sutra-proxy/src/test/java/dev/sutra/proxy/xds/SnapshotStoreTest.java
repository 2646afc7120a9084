package dev.sutra.proxy.xds;

import static dev.sutra.proxy.xds.TestResources.edsCluster;
import static dev.sutra.proxy.xds.TestResources.endpoints;
import static dev.sutra.proxy.xds.TestResources.of;
import static dev.sutra.proxy.xds.TestResources.rdsListener;
import static dev.sutra.proxy.xds.TestResources.routes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sutra.xds.TypeUrls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    private final XdsSnapshot snapshot = TestResources.snapshot(Map.of(
            TypeUrls.CLUSTER, of("c1", edsCluster("a", "")),
            TypeUrls.ENDPOINT, of("e1", endpoints("a")),
            TypeUrls.LISTENER, of("l1", rdsListener("out", "r1")),
            TypeUrls.ROUTE, of("r1", routes("r1"))));

    @Test
    void readsBackWhatItWrote() throws IOException {
        SnapshotStore store = new SnapshotStore(dir.resolve("state"));
        store.save(snapshot);
        assertThat(store.load()).contains(snapshot);
    }

    @Test
    void hasNothingBeforeTheFirstSave() throws IOException {
        assertThat(new SnapshotStore(dir).load()).isEmpty();
    }

    @Test
    void writesAFileOnlyItsOwnerCanReadAndLeavesNoTemporaryFiles() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.save(XdsSnapshot.empty());
        store.save(snapshot);
        assertThat(Files.getPosixFilePermissions(store.file()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(store.file());
        }
        assertThat(store.load()).contains(snapshot);
    }

    @Test
    void reportsAFileThatIsNotASnapshot() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        Files.writeString(store.file(), "{\"listeners\": []}");
        assertThatThrownBy(store::load).isInstanceOf(IOException.class)
                .hasMessage(store.file() + " is damaged: not a Sutra xDS snapshot");
    }

    @Test
    void reportsADamagedOrTruncatedSnapshot() throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        store.save(snapshot);
        byte[] bytes = Files.readAllBytes(store.file());

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Files.write(store.file(), flipped);
        assertThatThrownBy(store::load).hasMessageEndingWith("is damaged: checksum mismatch");

        Files.write(store.file(), Arrays.copyOf(bytes, bytes.length - 9));
        assertThatThrownBy(store::load).hasMessageContaining("is damaged");
    }
}
