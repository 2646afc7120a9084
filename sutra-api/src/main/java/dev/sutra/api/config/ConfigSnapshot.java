package dev.sutra.api.config;

import io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule;
import io.fabric8.istio.api.api.networking.v1alpha3.Gateway;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.istio.api.api.networking.v1alpha3.Sidecar;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicy;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthentication;
import io.fabric8.istio.api.api.security.v1beta1.RequestAuthentication;
import io.fabric8.istio.api.api.telemetry.v1alpha1.Telemetry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All config in force at one moment: an immutable set of resources by key. Stores publish a new
 * snapshot for every accepted change; everything downstream reads one snapshot at a time.
 */
public final class ConfigSnapshot {

    private static final ConfigSnapshot EMPTY = new ConfigSnapshot(new TreeMap<>(), 0);

    private final Map<ResourceKey, ConfigResource<?>> resources;
    private final long revision;

    private ConfigSnapshot(TreeMap<ResourceKey, ConfigResource<?>> resources, long revision) {
        this.resources = Collections.unmodifiableMap(resources);
        this.revision = revision;
    }

    public static ConfigSnapshot empty() {
        return EMPTY;
    }

    /**
     * A snapshot of {@code resources}. Two resources with one key are an error the caller must have
     * reported before (see {@link #duplicates}); here the last one wins.
     */
    public static ConfigSnapshot of(Collection<? extends ConfigResource<?>> resources, long revision) {
        TreeMap<ResourceKey, ConfigResource<?>> byKey = new TreeMap<>();
        for (ConfigResource<?> r : resources) {
            byKey.put(r.key(), r);
        }
        return new ConfigSnapshot(byKey, revision);
    }

    /** Errors for every key defined more than once, naming both places. */
    public static List<ConfigError> duplicates(Collection<? extends ConfigResource<?>> resources) {
        Map<ResourceKey, ConfigResource<?>> seen = new TreeMap<>();
        List<ConfigError> errors = new ArrayList<>();
        for (ConfigResource<?> r : resources) {
            ConfigResource<?> first = seen.putIfAbsent(r.key(), r);
            if (first != null) {
                errors.add(new ConfigError(r.source().index().documentStart(), r.key(), null,
                        "defined twice: also at " + first.source().index().documentStart()));
            }
        }
        return errors;
    }

    /** A counter that grows with every accepted change. */
    public long revision() {
        return revision;
    }

    public Collection<ConfigResource<?>> all() {
        return resources.values();
    }

    public Optional<ConfigResource<?>> get(ResourceKey key) {
        return Optional.ofNullable(resources.get(key));
    }

    public int size() {
        return resources.size();
    }

    /** Every resource of {@code kind}, in key order. */
    public <S> List<ConfigResource<S>> list(ConfigKind kind, Class<S> spec) {
        List<ConfigResource<S>> out = new ArrayList<>();
        for (ConfigResource<?> r : resources.values()) {
            if (r.kind() == kind) {
                out.add(r.as(spec));
            }
        }
        return out;
    }

    public List<ConfigResource<ServiceEntry>> serviceEntries() {
        return list(ConfigKind.SERVICE_ENTRY, ServiceEntry.class);
    }

    public List<ConfigResource<WorkloadEntry>> workloadEntries() {
        return list(ConfigKind.WORKLOAD_ENTRY, WorkloadEntry.class);
    }

    public List<ConfigResource<VirtualService>> virtualServices() {
        return list(ConfigKind.VIRTUAL_SERVICE, VirtualService.class);
    }

    public List<ConfigResource<DestinationRule>> destinationRules() {
        return list(ConfigKind.DESTINATION_RULE, DestinationRule.class);
    }

    public List<ConfigResource<Gateway>> gateways() {
        return list(ConfigKind.GATEWAY, Gateway.class);
    }

    public List<ConfigResource<Sidecar>> sidecars() {
        return list(ConfigKind.SIDECAR, Sidecar.class);
    }

    public List<ConfigResource<PeerAuthentication>> peerAuthentications() {
        return list(ConfigKind.PEER_AUTHENTICATION, PeerAuthentication.class);
    }

    public List<ConfigResource<AuthorizationPolicy>> authorizationPolicies() {
        return list(ConfigKind.AUTHORIZATION_POLICY, AuthorizationPolicy.class);
    }

    public List<ConfigResource<RequestAuthentication>> requestAuthentications() {
        return list(ConfigKind.REQUEST_AUTHENTICATION, RequestAuthentication.class);
    }

    public List<ConfigResource<Telemetry>> telemetries() {
        return list(ConfigKind.TELEMETRY, Telemetry.class);
    }

    /** This snapshot with {@code changes} applied (put) and {@code removed} deleted. */
    public ConfigSnapshot with(Collection<? extends ConfigResource<?>> changes, Collection<ResourceKey> removed,
            long revision) {
        TreeMap<ResourceKey, ConfigResource<?>> next = new TreeMap<>(resources);
        removed.forEach(next::remove);
        for (ConfigResource<?> r : changes) {
            next.put(r.key(), r);
        }
        return new ConfigSnapshot(next, revision);
    }
}
