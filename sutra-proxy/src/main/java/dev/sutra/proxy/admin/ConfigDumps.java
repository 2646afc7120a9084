package dev.sutra.proxy.admin;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import dev.sutra.proxy.xds.TypeResources;
import dev.sutra.proxy.xds.XdsSnapshot;
import dev.sutra.xds.TypeUrls;
import dev.sutra.xds.XdsJson;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import io.envoyproxy.envoy.admin.v3.EndpointsConfigDump;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump;
import io.envoyproxy.envoy.admin.v3.RoutesConfigDump;

/** {@code /config_dump}: the resources in force as Envoy's admin {@code ConfigDump}, in JSON. */
final class ConfigDumps {

    private ConfigDumps() {
    }

    static String json(XdsSnapshot snapshot) {
        Timestamp at = Timestamp.newBuilder().setSeconds(snapshot.receivedAt().getEpochSecond())
                .setNanos(snapshot.receivedAt().getNano()).build();
        TypeResources clusters = snapshot.of(TypeUrls.CLUSTER);
        ClustersConfigDump.Builder cds = ClustersConfigDump.newBuilder().setVersionInfo(clusters.version());
        for (Any c : clusters.resources().values()) {
            cds.addDynamicActiveClusters(ClustersConfigDump.DynamicCluster.newBuilder()
                    .setVersionInfo(clusters.version()).setCluster(c).setLastUpdated(at));
        }
        TypeResources listeners = snapshot.of(TypeUrls.LISTENER);
        ListenersConfigDump.Builder lds = ListenersConfigDump.newBuilder().setVersionInfo(listeners.version());
        listeners.resources().forEach((name, l) -> lds.addDynamicListeners(ListenersConfigDump.DynamicListener
                .newBuilder().setName(name).setActiveState(ListenersConfigDump.DynamicListenerState.newBuilder()
                        .setVersionInfo(listeners.version()).setListener(l).setLastUpdated(at))));
        TypeResources routes = snapshot.of(TypeUrls.ROUTE);
        RoutesConfigDump.Builder rds = RoutesConfigDump.newBuilder();
        for (Any r : routes.resources().values()) {
            rds.addDynamicRouteConfigs(RoutesConfigDump.DynamicRouteConfig.newBuilder()
                    .setVersionInfo(routes.version()).setRouteConfig(r).setLastUpdated(at));
        }
        TypeResources endpoints = snapshot.of(TypeUrls.ENDPOINT);
        EndpointsConfigDump.Builder eds = EndpointsConfigDump.newBuilder();
        for (Any e : endpoints.resources().values()) {
            eds.addDynamicEndpointConfigs(EndpointsConfigDump.DynamicEndpointConfig.newBuilder()
                    .setVersionInfo(endpoints.version()).setEndpointConfig(e).setLastUpdated(at));
        }
        ConfigDump dump = ConfigDump.newBuilder()
                .addConfigs(Any.pack(lds.build()))
                .addConfigs(Any.pack(cds.build()))
                .addConfigs(Any.pack(rds.build()))
                .addConfigs(Any.pack(eds.build()))
                .build();
        return XdsJson.print(dump);
    }
}
