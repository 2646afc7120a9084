package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import java.util.Map;
import java.util.Set;

/** A workload's address, ports and labels: WorkloadEntries and ServiceEntry endpoints alike. */
final class EndpointRules {

    private EndpointRules() {
    }

    /**
     * Checks one endpoint. {@code servicePorts} are the port names of the ServiceEntry the endpoint
     * belongs to (null for a WorkloadEntry, which may serve several); {@code hostnames} whether the
     * address may be a host name (DNS resolution) rather than an IP address.
     */
    static void check(Checks checks, FieldPath path, WorkloadEntry endpoint, @Nullable Set<String> servicePorts,
            boolean hostnames) {
        String address = Nulls.string(endpoint.getAddress());
        Map<String, Long> ports = Nulls.map(endpoint.getPorts());
        if (address.isEmpty()) {
            // A workload on another network is reached through that network's gateway, not its address.
            if (Nulls.isEmpty(endpoint.getNetwork())) {
                checks.missing(path.child("address"), "an IP address" + (hostnames ? " or host name" : "")
                        + ", or a network whose gateway reaches the workload");
            }
        } else if (address.startsWith(Addresses.UNIX_PREFIX)) {
            Addresses.checkUnixAddress(checks, path.child("address"), address);
            if (!ports.isEmpty()) {
                checks.conflict(path.child("ports"), "a unix:// address", "no ports on a Unix socket endpoint");
            }
            if (servicePorts != null && servicePorts.size() != 1) {
                checks.error(path.child("address"), "a Unix socket endpoint of a ServiceEntry with "
                        + servicePorts.size() + " ports (expected: exactly one port on the ServiceEntry)");
            }
        } else if (!Addresses.isIp(address)) {
            if (!hostnames) {
                checks.invalid(path.child("address"), address, "an IP address or unix:// path with STATIC resolution");
            } else if (HostRules.fqdnProblem(address) != null) {
                checks.invalid(path.child("address"), address, "an IP address or host name");
            }
        }
        ports.forEach((name, number) -> {
            FieldPath at = path.child("ports").child(name);
            if (!HostRules.isDnsLabel(name)) {
                checks.invalid(at, name, "a port name: a DNS label like http or grpc-api");
            } else if (servicePorts != null && !servicePorts.contains(name)) {
                checks.invalid(at, name, "the name of a port of this ServiceEntry " + servicePorts);
            }
            Addresses.checkPort(checks, at, number);
        });
        LabelRules.check(checks, path.child("labels"), Nulls.map(endpoint.getLabels()));
        String locality = endpoint.getLocality();
        if (!Nulls.isEmpty(locality) && locality.split("/", -1).length > 3) {
            checks.invalid(path.child("locality"), locality, "region, region/zone or region/zone/subzone");
        }
        if (endpoint.getWeight() != null && (endpoint.getWeight() < 0 || endpoint.getWeight() > 4294967295L)) {
            checks.invalid(path.child("weight"), endpoint.getWeight(), "0 to 4294967295");
        }
    }
}
