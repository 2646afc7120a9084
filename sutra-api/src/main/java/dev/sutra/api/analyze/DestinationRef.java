package dev.sutra.api.analyze;

import static dev.sutra.api.analyze.Fields.list;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * One place a VirtualService sends traffic: a destination of an HTTP, TCP or TLS route, or a mirror.
 *
 * @param path the path of the {@code destination} field
 * @param destination the destination, with a host
 * @param mirror whether traffic is only copied there
 */
record DestinationRef(FieldPath path, Destination destination, boolean mirror) {

    /** Every destination of {@code vs} that names a host. */
    static List<DestinationRef> of(ConfigResource<VirtualService> vs) {
        FieldPath spec = FieldPath.of("spec");
        List<DestinationRef> out = new ArrayList<>();
        List<HTTPRoute> http = list(vs.spec().getHttp());
        for (int i = 0; i < http.size(); i++) {
            HTTPRoute route = http.get(i);
            if (route == null) {
                continue;
            }
            FieldPath at = spec.child("http").index(i);
            var destinations = list(route.getRoute());
            for (int d = 0; d < destinations.size(); d++) {
                if (destinations.get(d) != null) {
                    add(out, at.child("route").index(d).child("destination"), destinations.get(d).getDestination(), false);
                }
            }
            add(out, at.child("mirror"), route.getMirror(), true);
            var mirrors = list(route.getMirrors());
            for (int m = 0; m < mirrors.size(); m++) {
                if (mirrors.get(m) != null) {
                    add(out, at.child("mirrors").index(m).child("destination"), mirrors.get(m).getDestination(), true);
                }
            }
        }
        var tcp = list(vs.spec().getTcp());
        for (int i = 0; i < tcp.size(); i++) {
            var destinations = tcp.get(i) == null ? List.<RouteDestination>of()
                    : list(tcp.get(i).getRoute());
            for (int d = 0; d < destinations.size(); d++) {
                if (destinations.get(d) != null) {
                    add(out, spec.child("tcp").index(i).child("route").index(d).child("destination"),
                            destinations.get(d).getDestination(), false);
                }
            }
        }
        var tls = list(vs.spec().getTls());
        for (int i = 0; i < tls.size(); i++) {
            var destinations = tls.get(i) == null ? List.<RouteDestination>of()
                    : list(tls.get(i).getRoute());
            for (int d = 0; d < destinations.size(); d++) {
                if (destinations.get(d) != null) {
                    add(out, spec.child("tls").index(i).child("route").index(d).child("destination"),
                            destinations.get(d).getDestination(), false);
                }
            }
        }
        return out;
    }

    private static void add(List<DestinationRef> out, FieldPath path, @Nullable Destination destination, boolean mirror) {
        if (destination != null && destination.getHost() != null && !destination.getHost().isEmpty()) {
            out.add(new DestinationRef(path, destination, mirror));
        }
    }
}
