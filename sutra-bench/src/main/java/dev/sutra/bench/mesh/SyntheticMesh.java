package dev.sutra.bench.mesh;

import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ParseResult;
import dev.sutra.api.mesh.ConfigServices;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.api.validate.ConfigValidator;
import dev.sutra.controlplane.registry.ProxyRegistry;
import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.MeshState;
import dev.sutra.xds.node.ProxyNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MeshShape} turned into the control plane's view of it, in-process and the way a push
 * builds it: the YAML parsed and validated, the sidecars registered in a real
 * {@link ProxyRegistry}, and the catalog of both indexed by {@link MeshIndex}.
 *
 * @param config the parsed config
 * @param nodes the sidecars, in proxy order
 * @param index the index translation reads
 */
public record SyntheticMesh(ConfigSnapshot config, List<ProxyNode> nodes, MeshIndex index) {

    /** Builds the mesh; fails if the generated YAML does not parse or validate. */
    public static SyntheticMesh of(MeshShape shape) {
        ConfigSnapshot config = parse(new MeshYaml(shape).all(), 1);
        List<ProxyNode> nodes = new ArrayList<>();
        FleetNodes fleet = new FleetNodes(shape);
        for (int j = 0; j < shape.proxies(); j++) {
            nodes.add(fleet.node(j));
        }
        return new SyntheticMesh(config, List.copyOf(nodes), index(config, nodes));
    }

    /** The same mesh with {@code yaml} applied on top (resources replaced by kind, namespace and name). */
    public SyntheticMesh apply(String yaml) {
        ConfigSnapshot changes = parse(yaml, config.revision() + 1);
        ConfigSnapshot next = config.with(changes.all(), List.of(), config.revision() + 1);
        return new SyntheticMesh(next, nodes, index(next, nodes));
    }

    private static ConfigSnapshot parse(String yaml, long revision) {
        ParseResult parsed = new ConfigParser().parse("mesh.yaml", yaml);
        if (!parsed.ok()) {
            throw new IllegalStateException("synthetic mesh does not parse: " + parsed.errors());
        }
        var errors = new ConfigValidator().validate(parsed.resources());
        if (!errors.isEmpty()) {
            throw new IllegalStateException("synthetic mesh is invalid: " + errors);
        }
        return ConfigSnapshot.of(parsed.resources(), revision);
    }

    private static MeshIndex index(ConfigSnapshot config, List<ProxyNode> nodes) {
        try (ProxyRegistry registry = new ProxyRegistry(Duration.ofSeconds(10))) {
            long stream = 0;
            for (ProxyNode node : nodes) {
                registry.connect(stream++, node);
            }
            ServiceCatalog catalog = ConfigServices.catalog(config)
                    .plus(registry.services(MeshSettings.DEFAULT), registry.workloads());
            return new MeshIndex(new MeshState(config, catalog, MeshSettings.DEFAULT));
        }
    }
}
