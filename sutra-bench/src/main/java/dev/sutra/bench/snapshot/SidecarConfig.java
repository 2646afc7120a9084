package dev.sutra.bench.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.sutra.bench.mesh.SyntheticMesh;
import dev.sutra.proxy.config.ConfigCompiler;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.ListenerChain;
import dev.sutra.proxy.config.ProxyConfig;
import dev.sutra.proxy.xds.TypeResources;
import dev.sutra.proxy.xds.XdsSnapshot;
import dev.sutra.xds.ResourceNames;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.XdsResources;
import dev.sutra.xds.XdsTranslator;
import dev.sutra.xds.node.ProxyNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sidecar's compiled configuration as it runs: the control plane's translation for one proxy of a
 * {@link SyntheticMesh}, packed as the proxy receives it, and compiled by the proxy's own
 * {@link ConfigCompiler} into the {@link ProxyConfig} a request reads.
 *
 * @param config the compiled configuration
 * @param outbound the HTTP chain of the outbound listener ({@code virtualOutbound})
 */
public record SidecarConfig(ProxyConfig config, ListenerChain.Http outbound) {

    /** The configuration of {@code proxy} in {@code mesh}. */
    public static SidecarConfig of(SyntheticMesh mesh, ProxyNode proxy) {
        XdsResources resources = XdsTranslator.translate(mesh.index(), proxy, List.of());
        Map<String, TypeResources> types = new HashMap<>();
        for (String type : TypeUrls.PUSH_ORDER) {
            SortedMap<String, Any> packed = new TreeMap<>();
            for (Map.Entry<String, ? extends Message> e : resources.ofType(type).entrySet()) {
                packed.put(e.getKey(), Any.pack(e.getValue()));
            }
            types.put(type, new TypeResources("1", packed));
        }
        try {
            ProxyConfig config = ConfigCompiler.compile(new XdsSnapshot(types, Instant.now()));
            var listener = config.listeners().get(ResourceNames.OUTBOUND_LISTENER);
            if (listener == null || !(listener.plaintextChain().chain() instanceof ListenerChain.Http http)) {
                throw new IllegalStateException("no HTTP outbound listener in " + config.listeners().keySet());
            }
            return new SidecarConfig(config, http);
        } catch (InvalidConfigException e) {
            throw new IllegalStateException("the proxy rejects the control plane's config: " + e.getMessage(), e);
        }
    }
}
