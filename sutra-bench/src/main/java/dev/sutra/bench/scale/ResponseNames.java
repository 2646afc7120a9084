package dev.sutra.bench.scale;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.io.IOException;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The EDS and RDS names a sidecar subscribes to after a CDS or LDS response, as
 * {@code sutra proxy} derives them: the EDS service name of every EDS cluster, the RDS name of
 * every HTTP connection manager. Clusters are read field by field without building them (a
 * simulated fleet of thousands on the control plane's own machine must stay cheap); listeners, a
 * few per proxy, are parsed whole.
 */
final class ResponseNames {

    private ResponseNames() {
    }

    /** EDS names of the clusters in a CDS response. */
    static SortedSet<String> endpointNames(LightResponse cds) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        for (int i = 0; i < cds.resourceCount(); i++) {
            Any any = cds.resource(i);
            String name = "";
            String serviceName = null;
            CodedInputStream in = any.getValue().newCodedInput();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case Cluster.NAME_FIELD_NUMBER -> name = in.readStringRequireUtf8();
                    case Cluster.EDS_CLUSTER_CONFIG_FIELD_NUMBER -> serviceName = edsServiceName(in.readBytes());
                    default -> in.skipField(tag);
                }
            }
            if (serviceName != null) {
                names.add(serviceName.isEmpty() ? name : serviceName);
            }
        }
        return names;
    }

    private static String edsServiceName(ByteString config) throws IOException {
        CodedInputStream in = config.newCodedInput();
        String serviceName = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == Cluster.EdsClusterConfig.SERVICE_NAME_FIELD_NUMBER) {
                serviceName = in.readStringRequireUtf8();
            } else {
                in.skipField(tag);
            }
        }
        return serviceName;
    }

    /** RDS names the listeners of an LDS response use. */
    static SortedSet<String> routeNames(LightResponse lds) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        for (int i = 0; i < lds.resourceCount(); i++) {
            Listener listener = lds.resource(i).unpack(Listener.class);
            for (FilterChain chain : listener.getFilterChainsList()) {
                for (Filter filter : chain.getFiltersList()) {
                    if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
                        HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
                        if (hcm.hasRds()) {
                            names.add(hcm.getRds().getRouteConfigName());
                        }
                    }
                }
            }
        }
        return names;
    }
}
