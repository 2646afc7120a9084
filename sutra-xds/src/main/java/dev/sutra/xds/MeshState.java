package dev.sutra.xds;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.ServiceCatalog;

/**
 * Everything translation reads, at one moment: config in force, the services and workloads of the
 * mesh, and mesh-wide settings. Translation is a pure function of this and the proxy asking.
 */
public record MeshState(ConfigSnapshot config, ServiceCatalog catalog, MeshSettings settings) {

    public MeshState {
        requireNonNull(config, "config");
        requireNonNull(catalog, "catalog");
        requireNonNull(settings, "settings");
    }
}
