package dev.sutra.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ParseResult;
import dev.sutra.api.mesh.ConfigServices;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.xds.node.NodeMetadata;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Translator output for whole configs, compared with golden files: each case directory holds
 * {@code input.yaml} (Istio config), {@code node.json} (the Envoy {@code Node} asking), optionally
 * {@code targets.txt} (listener names a gRPC client asked for) and {@code trust-bundle.pem} (the
 * mesh's roots: without it the mesh has no identities), and {@code lds|rds|cds|eds.golden.yaml},
 * plus {@code sds.golden.yaml} when there is a trust bundle. The cases' bundles hold one real
 * self-signed root, made once with {@code openssl req -x509 -newkey ec -pkeyopt
 * ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj "/O=cluster.local/CN=Sutra test root CA"
 * -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign}
 * (its key was thrown away: translation only serves the certificate).
 */
class XdsTranslatorGoldenTest {

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GoldenFiles.ROOT)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesAsTheGoldenFilesSay(String name) throws IOException {
        Path dir = GoldenFiles.ROOT.resolve(name);
        ParseResult parsed = new ConfigParser().parse(dir.resolve("input.yaml"));
        assertThat(parsed.errors()).isEmpty();
        ConfigSnapshot config = ConfigSnapshot.of(parsed.resources(), 1);
        Path bundle = dir.resolve("trust-bundle.pem");
        String trustBundle = Files.exists(bundle) ? Files.readString(bundle) : "";
        MeshState state = new MeshState(config, ConfigServices.catalog(config), MeshSettings.DEFAULT, trustBundle);
        Node.Builder node = Node.newBuilder();
        XdsJson.parse(Files.readString(dir.resolve("node.json")), node);
        Path targets = dir.resolve("targets.txt");
        List<String> names = Files.exists(targets)
                ? Files.readAllLines(targets).stream().filter(l -> !l.isBlank()).toList() : List.of();

        XdsResources resources = XdsTranslator.translate(new MeshIndex(state), NodeMetadata.fromNode(node.build()),
                names);

        GoldenFiles.assertMatches(dir.resolve("lds.golden.yaml"), GoldenFiles.yaml(resources.listeners()));
        GoldenFiles.assertMatches(dir.resolve("rds.golden.yaml"), GoldenFiles.yaml(resources.routes()));
        GoldenFiles.assertMatches(dir.resolve("cds.golden.yaml"), GoldenFiles.yaml(resources.clusters()));
        GoldenFiles.assertMatches(dir.resolve("eds.golden.yaml"), GoldenFiles.yaml(resources.endpoints()));
        if (state.hasIdentities()) {
            GoldenFiles.assertMatches(dir.resolve("sds.golden.yaml"), GoldenFiles.yaml(resources.secrets()));
        }
    }
}
