package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntry;
import io.fabric8.istio.api.api.networking.v1alpha3.ServiceEntryResolution;
import io.fabric8.istio.api.api.networking.v1alpha3.ServicePort;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ServiceEntry: hosts, addresses, ports, and which endpoints each resolution mode allows. STATIC
 * endpoints are addresses; DNS endpoints may be host names, and without endpoints the hosts themselves
 * are resolved (so they must be concrete names); NONE forwards to whatever address the client dialled.
 */
final class ServiceEntryValidator implements KindValidator<ServiceEntry> {

    static final ServiceEntryValidator INSTANCE = new ServiceEntryValidator();

    private ServiceEntryValidator() {
    }

    @Override
    public Class<ServiceEntry> specType() {
        return ServiceEntry.class;
    }

    @Override
    public void validate(ServiceEntry se, Checks checks) {
        FieldPath spec = FieldPath.of("spec");
        ServiceEntryResolution resolution = se.getResolution() == null ? ServiceEntryResolution.NONE : se.getResolution();
        List<String> hosts = list(se.getHosts());
        List<WorkloadEntry> endpoints = list(se.getEndpoints());
        if (se.getWorkloadSelector() != null) {
            LabelRules.checkSelector(checks, spec.child("workloadSelector").child("labels"),
                    Nulls.map(se.getWorkloadSelector().getLabels()));
            if (!endpoints.isEmpty()) {
                checks.conflict(spec.child("workloadSelector"), "endpoints", "workloadSelector or endpoints, not both");
            }
        }
        checkHosts(checks, spec.child("hosts"), hosts, resolution);
        List<String> addresses = list(se.getAddresses());
        for (int i = 0; i < addresses.size(); i++) {
            String address = addresses.get(i);
            if (!Addresses.isIpOrCidr(address)) {
                checks.invalid(spec.child("addresses").index(i), address, "an IP address or CIDR block");
            } else if (address.contains("/") && resolution != ServiceEntryResolution.NONE
                    && resolution != ServiceEntryResolution.STATIC) {
                checks.invalid(spec.child("addresses").index(i), address, "a single address; CIDR blocks need "
                        + "resolution NONE or STATIC, not " + resolution.name());
            }
        }
        Set<String> portNames = checkPorts(checks, spec.child("ports"), list(se.getPorts()));
        checkResolution(checks, spec, se, resolution, portNames);
        // Plain TCP carries no host name, so a proxy cannot tell several hosts apart on one port.
        if (resolution != ServiceEntryResolution.NONE && hosts.size() > 1) {
            List<ServicePort> ports = list(se.getPorts());
            for (int i = 0; i < ports.size(); i++) {
                String protocol = ports.get(i) == null ? null : ports.get(i).getProtocol();
                if (!Protocols.isHttp(protocol) && !Protocols.isTls(protocol)) {
                    checks.error(spec.child("ports").index(i), "a " + (protocol == null ? "TCP" : protocol)
                            + " port on a ServiceEntry with " + hosts.size() + " hosts (expected: HTTP or TLS ports, "
                            + "which carry the host name, or one ServiceEntry per host)");
                    break;
                }
            }
        }
        ExportToRules.check(checks, spec.child("exportTo"), list(se.getExportTo()), true);
    }

    private static void checkHosts(Checks checks, FieldPath path, List<String> hosts, ServiceEntryResolution resolution) {
        if (hosts.isEmpty()) {
            checks.missing(path, "at least one host");
        }
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            if (host.equals("*")) {
                checks.invalid(path.index(i), host, "a host name or *.domain; * alone would capture every host");
                continue;
            }
            HostRules.checkWildcardDomain(checks, path.index(i), host, false);
            if (resolution != ServiceEntryResolution.DYNAMIC_DNS && HostRules.isPartialWildcard(host)) {
                checks.warn(path.index(i), Checks.show(host) + " is a partial wildcard (expected: * as the whole "
                        + "first label, like *.example.com)");
            }
        }
    }

    /** Returns the port names, for endpoints to refer to. */
    private static Set<String> checkPorts(Checks checks, FieldPath path, List<ServicePort> ports) {
        Set<String> names = new LinkedHashSet<>();
        Map<Long, Integer> numbers = new HashMap<>();
        for (int i = 0; i < ports.size(); i++) {
            FieldPath at = path.index(i);
            ServicePort port = ports.get(i);
            if (port == null) {
                checks.missing(at, "a port with a number, name and protocol");
                continue;
            }
            String name = Nulls.string(port.getName());
            if (!HostRules.isDnsLabel(name)) {
                checks.invalid(at.child("name"), name, "a port name: a DNS label like http or grpc-api");
            } else if (!names.add(name)) {
                checks.invalid(at.child("name"), name, "a name unique among ports");
            }
            Addresses.checkRequiredPort(checks, at.child("number"), port.getNumber());
            if (port.getNumber() != null) {
                Integer first = numbers.putIfAbsent(port.getNumber(), i);
                if (first != null) {
                    checks.invalid(at.child("number"), port.getNumber(), "a number unique among ports; spec.ports["
                            + first + "] has it already");
                }
            }
            if (port.getTargetPort() != null && port.getTargetPort() != 0) {
                Addresses.checkPort(checks, at.child("targetPort"), port.getTargetPort());
            }
            if (port.getProtocol() != null && !Protocols.isKnown(port.getProtocol())) {
                checks.invalid(at.child("protocol"), port.getProtocol(), Protocols.EXPECTED);
            }
        }
        return names;
    }

    private static void checkResolution(Checks checks, FieldPath spec, ServiceEntry se,
            ServiceEntryResolution resolution, Set<String> portNames) {
        List<WorkloadEntry> endpoints = list(se.getEndpoints());
        FieldPath path = spec.child("endpoints");
        switch (resolution) {
            case NONE -> {
                if (!endpoints.isEmpty()) {
                    checks.invalid(path, endpoints.size() + " endpoints",
                            "no endpoints with resolution NONE, which forwards to the address the client dialled");
                }
            }
            case STATIC -> checkEndpoints(checks, path, endpoints, portNames, false);
            case DNS, DNS_ROUND_ROBIN -> {
                if (endpoints.isEmpty()) {
                    List<String> hosts = list(se.getHosts());
                    for (int i = 0; i < hosts.size(); i++) {
                        if (HostRules.wildcardDomainProblem(hosts.get(i)) == null && HostRules.fqdnProblem(hosts.get(i)) != null) {
                            checks.invalid(spec.child("hosts").index(i), hosts.get(i), "a host name DNS can resolve, "
                                    + "since resolution " + resolution.name() + " without endpoints resolves the hosts");
                        }
                    }
                }
                if (resolution == ServiceEntryResolution.DNS_ROUND_ROBIN && endpoints.size() > 1) {
                    checks.invalid(path, endpoints.size() + " endpoints", "at most one endpoint with DNS_ROUND_ROBIN");
                }
                checkEndpoints(checks, path, endpoints, portNames, true);
            }
            case DYNAMIC_DNS -> checkDynamicDns(checks, spec, se);
        }
    }

    private static void checkEndpoints(Checks checks, FieldPath path, List<WorkloadEntry> endpoints,
            Set<String> portNames, boolean hostnames) {
        for (int i = 0; i < endpoints.size(); i++) {
            if (endpoints.get(i) == null) {
                checks.missing(path.index(i), "an endpoint with an address");
            } else {
                EndpointRules.check(checks, path.index(i), endpoints.get(i), portNames, hostnames);
            }
        }
    }

    /** DYNAMIC_DNS resolves whatever host a request names under a wildcard, per request. */
    private static void checkDynamicDns(Checks checks, FieldPath spec, ServiceEntry se) {
        List<String> hosts = list(se.getHosts());
        for (int i = 0; i < hosts.size(); i++) {
            if (!hosts.get(i).startsWith("*")) {
                checks.invalid(spec.child("hosts").index(i), hosts.get(i), "a wildcard host with resolution DYNAMIC_DNS");
            }
        }
        if (!list(se.getAddresses()).isEmpty()) {
            checks.error(spec.child("addresses"), "set with resolution DYNAMIC_DNS (expected: no addresses)");
        }
        if (!list(se.getEndpoints()).isEmpty()) {
            checks.error(spec.child("endpoints"), "set with resolution DYNAMIC_DNS (expected: no endpoints)");
        }
        List<ServicePort> ports = list(se.getPorts());
        for (int i = 0; i < ports.size(); i++) {
            String protocol = ports.get(i) == null ? null : ports.get(i).getProtocol();
            if (protocol == null || !(Protocols.isHttp(protocol) || protocol.equalsIgnoreCase("tls"))
                    || protocol.equalsIgnoreCase("grpc-web")) {
                checks.invalid(spec.child("ports").index(i).child("protocol"), protocol,
                        "HTTP, HTTP2, GRPC or TLS with resolution DYNAMIC_DNS");
            }
        }
    }
}
