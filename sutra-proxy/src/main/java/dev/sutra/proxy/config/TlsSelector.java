package dev.sutra.proxy.config;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sutra.proxy.cluster.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * Which transport a cluster uses for an endpoint: Envoy's {@code transport_socket_matches}, the
 * first whose match fields all appear in the endpoint's {@code envoy.transport_socket_match}
 * metadata, else the cluster's {@code transport_socket}.
 */
public record TlsSelector(List<Entry> matches, UpstreamTls fallback) {

    public static final TlsSelector PLAINTEXT = new TlsSelector(List.of(), UpstreamTls.Plaintext.INSTANCE);
    public static final String METADATA_KEY = "envoy.transport_socket_match";

    /** One {@code transport_socket_matches} entry. */
    public record Entry(String name, Map<String, Value> match, UpstreamTls tls) {
        public Entry {
            match = Map.copyOf(match);
        }
    }

    public TlsSelector {
        matches = List.copyOf(matches);
    }

    public UpstreamTls forEndpoint(Endpoint endpoint) {
        if (matches.isEmpty()) {
            return fallback;
        }
        Struct metadata = endpoint.metadata().get(METADATA_KEY);
        Map<String, Value> fields = metadata == null ? Map.of() : metadata.getFieldsMap();
        for (Entry e : matches) {
            if (fields.entrySet().containsAll(e.match().entrySet())) {
                return e.tls();
            }
        }
        return fallback;
    }

    public boolean usesMeshIdentity() {
        return fallback instanceof UpstreamTls.Mesh || matches.stream().anyMatch(e -> e.tls() instanceof UpstreamTls.Mesh);
    }
}
