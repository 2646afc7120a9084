package dev.sutra.xds;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.ServiceCatalog;

/**
 * Everything translation reads, at one moment: config in force, the services and workloads of the
 * mesh, mesh-wide settings, and the trust bundle. Translation is a pure function of this and the
 * proxy asking.
 *
 * @param trustBundle the mesh's root certificates in PEM, the signing root first (served as the
 *     {@code ROOTCA} secret); empty when the mesh runs without identities, and then no TLS is
 *     configured anywhere
 */
public record MeshState(ConfigSnapshot config, ServiceCatalog catalog, MeshSettings settings, String trustBundle) {

    public MeshState {
        requireNonNull(config, "config");
        requireNonNull(catalog, "catalog");
        requireNonNull(settings, "settings");
        requireNonNull(trustBundle, "trustBundle");
    }

    /** A mesh without identities (plaintext everywhere). */
    public MeshState(ConfigSnapshot config, ServiceCatalog catalog, MeshSettings settings) {
        this(config, catalog, settings, "");
    }

    public boolean hasIdentities() {
        return !trustBundle.isEmpty();
    }
}
