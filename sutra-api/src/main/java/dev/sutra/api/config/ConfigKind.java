package dev.sutra.api.config;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Istio kinds Sutra reads, each with exactly the API versions Istio serves and the fabric8
 * {@code istio-model} class that binds each version. Every version of a kind shares one spec type,
 * so the rest of Sutra works on specs and never on versions.
 */
public enum ConfigKind {
    SERVICE_ENTRY("networking.istio.io", "ServiceEntry",
            io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry.class,
            Map.of("v1alpha3", io.fabric8.istio.api.networking.v1alpha3.ServiceEntry.class,
                    "v1beta1", io.fabric8.istio.api.networking.v1beta1.ServiceEntry.class,
                    "v1", io.fabric8.istio.api.networking.v1.ServiceEntry.class)),
    WORKLOAD_ENTRY("networking.istio.io", "WorkloadEntry",
            io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry.class,
            Map.of("v1alpha3", io.fabric8.istio.api.networking.v1alpha3.WorkloadEntry.class,
                    "v1beta1", io.fabric8.istio.api.networking.v1beta1.WorkloadEntry.class,
                    "v1", io.fabric8.istio.api.networking.v1.WorkloadEntry.class)),
    VIRTUAL_SERVICE("networking.istio.io", "VirtualService",
            io.fabric8.istio.api.api.networking.v1alpha3.VirtualService.class,
            Map.of("v1alpha3", io.fabric8.istio.api.networking.v1alpha3.VirtualService.class,
                    "v1beta1", io.fabric8.istio.api.networking.v1beta1.VirtualService.class,
                    "v1", io.fabric8.istio.api.networking.v1.VirtualService.class)),
    DESTINATION_RULE("networking.istio.io", "DestinationRule",
            io.fabric8.istio.api.api.networking.v1alpha3.DestinationRule.class,
            Map.of("v1alpha3", io.fabric8.istio.api.networking.v1alpha3.DestinationRule.class,
                    "v1beta1", io.fabric8.istio.api.networking.v1beta1.DestinationRule.class,
                    "v1", io.fabric8.istio.api.networking.v1.DestinationRule.class)),
    GATEWAY("networking.istio.io", "Gateway",
            io.fabric8.istio.api.api.networking.v1alpha3.Gateway.class,
            Map.of("v1alpha3", io.fabric8.istio.api.networking.v1alpha3.Gateway.class,
                    "v1beta1", io.fabric8.istio.api.networking.v1beta1.Gateway.class,
                    "v1", io.fabric8.istio.api.networking.v1.Gateway.class)),
    SIDECAR("networking.istio.io", "Sidecar",
            io.fabric8.istio.api.api.networking.v1alpha3.Sidecar.class,
            Map.of("v1alpha3", io.fabric8.istio.api.networking.v1alpha3.Sidecar.class,
                    "v1beta1", io.fabric8.istio.api.networking.v1beta1.Sidecar.class,
                    "v1", io.fabric8.istio.api.networking.v1.Sidecar.class)),
    PEER_AUTHENTICATION("security.istio.io", "PeerAuthentication",
            io.fabric8.istio.api.api.security.v1beta1.PeerAuthentication.class,
            Map.of("v1beta1", io.fabric8.istio.api.security.v1beta1.PeerAuthentication.class,
                    "v1", io.fabric8.istio.api.security.v1.PeerAuthentication.class)),
    AUTHORIZATION_POLICY("security.istio.io", "AuthorizationPolicy",
            io.fabric8.istio.api.api.security.v1beta1.AuthorizationPolicy.class,
            Map.of("v1beta1", io.fabric8.istio.api.security.v1beta1.AuthorizationPolicy.class,
                    "v1", io.fabric8.istio.api.security.v1.AuthorizationPolicy.class)),
    REQUEST_AUTHENTICATION("security.istio.io", "RequestAuthentication",
            io.fabric8.istio.api.api.security.v1beta1.RequestAuthentication.class,
            Map.of("v1beta1", io.fabric8.istio.api.security.v1beta1.RequestAuthentication.class,
                    "v1", io.fabric8.istio.api.security.v1.RequestAuthentication.class)),
    TELEMETRY("telemetry.istio.io", "Telemetry",
            io.fabric8.istio.api.api.telemetry.v1alpha1.Telemetry.class,
            Map.of("v1alpha1", io.fabric8.istio.api.telemetry.v1alpha1.Telemetry.class,
                    "v1", io.fabric8.istio.api.telemetry.v1.Telemetry.class));

    private final String group;
    private final String kind;
    private final Class<?> specType;
    private final Map<String, Class<? extends HasMetadata>> versions;

    ConfigKind(String group, String kind, Class<?> specType,
            Map<String, Class<? extends HasMetadata>> versions) {
        this.group = group;
        this.kind = kind;
        this.specType = specType;
        this.versions = Map.copyOf(versions);
    }

    /** The API group, for example {@code networking.istio.io}. */
    public String group() {
        return group;
    }

    /** The kind as written in YAML, for example {@code VirtualService}. */
    public String kind() {
        return kind;
    }

    /** The spec type shared by every version of this kind. */
    public Class<?> specType() {
        return specType;
    }

    /** The fabric8 resource class that binds {@code version}, if Istio serves that version. */
    public Optional<Class<? extends HasMetadata>> resourceClass(String version) {
        return Optional.ofNullable(versions.get(version));
    }

    /** The versions Istio serves for this kind, oldest first. */
    public List<String> versions() {
        return versions.keySet().stream()
                .sorted((a, b) -> Integer.compare(versionRank(a), versionRank(b)))
                .toList();
    }

    /** The newest served version: what {@code sutra get} writes back. */
    public String preferredApiVersion() {
        List<String> all = versions();
        return group + "/" + all.get(all.size() - 1);
    }

    /** The kind named {@code kind} in any group, case-insensitively, as {@code sutra get} accepts it. */
    public static Optional<ConfigKind> byName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> k.kind.toLowerCase(java.util.Locale.ROOT).equals(lower)
                        || (k.kind.toLowerCase(java.util.Locale.ROOT) + "s").equals(lower)
                        || k.shortName().equals(lower))
                .findFirst();
    }

    /** The kind with this exact {@code kind} field and API group. */
    public static Optional<ConfigKind> of(String group, String kind) {
        return Arrays.stream(values())
                .filter(k -> k.group.equals(group) && k.kind.equals(kind))
                .findFirst();
    }

    /** Every kind by its YAML name, for messages that list what Sutra reads. */
    public static Map<String, ConfigKind> byKind() {
        Map<String, ConfigKind> all = new LinkedHashMap<>();
        for (ConfigKind k : values()) {
            all.put(k.kind, k);
        }
        return all;
    }

    /** The kubectl short name: {@code vs}, {@code dr}, {@code se}, ... */
    public String shortName() {
        return switch (this) {
            case SERVICE_ENTRY -> "se";
            case WORKLOAD_ENTRY -> "we";
            case VIRTUAL_SERVICE -> "vs";
            case DESTINATION_RULE -> "dr";
            case GATEWAY -> "gw";
            case SIDECAR -> "sidecar";
            case PEER_AUTHENTICATION -> "pa";
            case AUTHORIZATION_POLICY -> "ap";
            case REQUEST_AUTHENTICATION -> "ra";
            case TELEMETRY -> "telemetry";
        };
    }

    private static int versionRank(String version) {
        // v1alpha1 < v1alpha3 < v1beta1 < v1, as Kubernetes orders versions.
        if (version.contains("alpha")) {
            return 100 + Integer.parseInt(version.substring(version.indexOf("alpha") + 5));
        }
        if (version.contains("beta")) {
            return 200 + Integer.parseInt(version.substring(version.indexOf("beta") + 4));
        }
        return 300;
    }
}
