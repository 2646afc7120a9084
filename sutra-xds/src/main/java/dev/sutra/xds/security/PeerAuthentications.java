package dev.sutra.xds.security;

import static java.util.Objects.requireNonNull;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.ConfigResource;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthentication;
import io.fabric8.istio.api.api.security.v1beta1.PeerAuthenticationMutualTLS;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * PeerAuthentication policies resolved as Istio resolves them ({@code ComposePeerAuthentication} in
 * pilot's {@code security/authn}): three levels, the narrowest winning.
 * <ul>
 *   <li>mesh: a policy without a selector (or with empty {@code matchLabels}) in the root namespace;
 *   <li>namespace: a policy without a selector in the workload's namespace;
 *   <li>workload: a policy in the workload's namespace whose selector matches its labels. Policies
 *       with a selector in the root namespace are ignored, as in Istio.
 * </ul>
 * A level whose mode is {@code UNSET} (or absent) inherits its parent's; with nothing set the mode
 * is PERMISSIVE. {@code portLevelMtls} counts only on the workload-level policy (validation rejects
 * it elsewhere, and Istio ignores it there) and is keyed by the application's target port; an
 * {@code UNSET} port inherits the workload's mode.
 *
 * <p>When several policies share a level Istio takes the oldest. Sutra has no creation times, so it
 * takes the first by name, the order the config snapshot lists resources in.
 */
public final class PeerAuthentications {

    private final String rootNamespace;
    private final @Nullable PeerAuthentication mesh;
    private final Map<String, PeerAuthentication> namespaces = new HashMap<>();
    private final Map<String, List<PeerAuthentication>> workloads = new HashMap<>();

    /** Indexes {@code policies}; {@code rootNamespace} holds the mesh-wide ones. */
    public PeerAuthentications(List<ConfigResource<PeerAuthentication>> policies, String rootNamespace) {
        this.rootNamespace = requireNonNull(rootNamespace, "rootNamespace");
        PeerAuthentication meshPolicy = null;
        List<ConfigResource<PeerAuthentication>> byName = new ArrayList<>(policies);
        byName.sort(Comparator.comparing(ConfigResource::key));
        for (ConfigResource<PeerAuthentication> policy : byName) {
            PeerAuthentication spec = policy.spec();
            boolean selects = spec.getSelector() != null && spec.getSelector().getMatchLabels() != null
                    && !spec.getSelector().getMatchLabels().isEmpty();
            if (!selects && policy.namespace().equals(rootNamespace)) {
                meshPolicy = meshPolicy == null ? spec : meshPolicy;
            } else if (!selects) {
                namespaces.putIfAbsent(policy.namespace(), spec);
            } else if (!policy.namespace().equals(rootNamespace)) {
                workloads.computeIfAbsent(policy.namespace(), ns -> new ArrayList<>()).add(spec);
            }
        }
        this.mesh = meshPolicy;
    }

    /** The effective policy of a workload in {@code namespace} carrying {@code labels}. */
    public EffectiveMtls forWorkload(String namespace, Map<String, String> labels) {
        MtlsMode mode = forNamespace(namespace);
        PeerAuthentication workload = null;
        for (PeerAuthentication policy : workloads.getOrDefault(namespace, List.of())) {
            if (selects(policy, labels)) {
                workload = policy;
                break;
            }
        }
        if (workload == null) {
            return new EffectiveMtls(mode, Map.of());
        }
        MtlsMode workloadMode = inherit(workload.getMtls(), mode);
        Map<Integer, MtlsMode> ports = new HashMap<>();
        for (Map.Entry<String, PeerAuthenticationMutualTLS> e : Objects.requireNonNullElse(
                workload.getPortLevelMtls(), Map.<String, PeerAuthenticationMutualTLS>of()).entrySet()) {
            port(e.getKey()).ifPresent(port -> ports.put(port, inherit(e.getValue(), workloadMode)));
        }
        return new EffectiveMtls(workloadMode, ports);
    }

    /**
     * The mode of a namespace as a whole: its namespace-level policy, else the mesh's, else
     * PERMISSIVE. This is what Istio's client side uses to guess a service's mode for automatic
     * mutual TLS ({@code BestEffortInferServiceMTLSMode}): it cannot know which workload-level
     * policies apply to a service's endpoints, so it ignores them.
     */
    public MtlsMode forNamespace(String namespace) {
        MtlsMode mode = inherit(mesh == null ? null : mesh.getMtls(), MtlsMode.PERMISSIVE);
        PeerAuthentication policy = namespace.equals(rootNamespace) ? null : namespaces.get(namespace);
        return inherit(policy == null ? null : policy.getMtls(), mode);
    }

    private static boolean selects(PeerAuthentication policy, Map<String, String> labels) {
        for (Map.Entry<String, String> e : policy.getSelector().getMatchLabels().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static MtlsMode inherit(@Nullable PeerAuthenticationMutualTLS mtls, MtlsMode parent) {
        if (mtls == null || mtls.getMode() == null) {
            return parent;
        }
        return switch (mtls.getMode()) {
            case STRICT -> MtlsMode.STRICT;
            case PERMISSIVE -> MtlsMode.PERMISSIVE;
            case DISABLE -> MtlsMode.DISABLE;
            case UNSET -> parent;
        };
    }

    /** A {@code portLevelMtls} key; validation rejects anything but a port number. */
    private static Optional<Integer> port(String key) {
        try {
            return Optional.of(Integer.parseInt(key));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
