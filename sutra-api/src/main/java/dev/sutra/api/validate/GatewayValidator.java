package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.Gateway;
import io.fabric8.istio.api.api.networking.v1alpha3.Port;
import io.fabric8.istio.api.api.networking.v1alpha3.Server;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gateway: the servers (port, hosts, TLS) that a selected gateway proxy listens with. */
final class GatewayValidator implements KindValidator<Gateway> {

    static final GatewayValidator INSTANCE = new GatewayValidator();

    private GatewayValidator() {
    }

    @Override
    public Class<Gateway> specType() {
        return Gateway.class;
    }

    @Override
    public void validate(Gateway gateway, Checks checks) {
        // VirtualServices refer to a gateway as namespace/name, so the name may not contain a dot.
        String name = checks.resource().name();
        if (!HostRules.isDnsLabel(name)) {
            checks.invalid(FieldPath.of("metadata", "name"), name, "a DNS label (no dots), since VirtualServices "
                    + "refer to gateways as namespace/name");
        }
        FieldPath spec = FieldPath.of("spec");
        List<Server> servers = list(gateway.getServers());
        if (servers.isEmpty()) {
            checks.missing(spec.child("servers"), "at least one server");
        }
        Map<String, Integer> portNames = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            FieldPath at = spec.child("servers").index(i);
            Server server = servers.get(i);
            if (server == null) {
                checks.missing(at, "a server with a port and hosts");
                continue;
            }
            checkServer(checks, at, server);
            Port port = server.getPort();
            if (port != null && port.getName() != null) {
                Integer first = portNames.putIfAbsent(port.getName(), i);
                if (first != null) {
                    checks.invalid(at.child("port").child("name"), port.getName(),
                            "a port name unique among servers; spec.servers[" + first + "] has it already");
                }
            }
        }
    }

    private static void checkServer(Checks checks, FieldPath path, Server server) {
        List<String> hosts = list(server.getHosts());
        if (hosts.isEmpty()) {
            checks.missing(path.child("hosts"), "at least one host, like \"*\" or \"bookinfo/bookinfo.example.com\"");
        }
        for (int i = 0; i < hosts.size(); i++) {
            HostRules.checkNamespaceSlashHost(checks, path.child("hosts").index(i), hosts.get(i), true);
        }
        String bind = Nulls.string(server.getBind());
        boolean unix = bind.startsWith(Addresses.UNIX_PREFIX);
        Port port = server.getPort();
        boolean portValid = checkPort(checks, path.child("port"), port, unix);
        if (unix) {
            Addresses.checkUnixAddress(checks, path.child("bind"), bind);
            if (port != null && port.getNumber() != null && port.getNumber() != 0) {
                checks.invalid(path.child("port").child("number"), port.getNumber(), "0 when bind is a unix:// socket");
            }
        } else if (!bind.isEmpty() && !Addresses.isIp(bind)) {
            checks.invalid(path.child("bind"), bind, "an IP address or unix:// socket");
        }
        ServerTlsRules.check(checks, path.child("tls"), server.getTls());
        if (!portValid) {
            return;
        }
        String protocol = port.getProtocol();
        if (Protocols.isTls(protocol) && server.getTls() == null) {
            checks.missing(path.child("tls"), "TLS settings for a " + protocol + " port");
        } else if (!Protocols.isTls(protocol) && server.getTls() != null) {
            var tls = server.getTls();
            // A plain HTTP server may carry tls only to redirect clients to HTTPS.
            boolean redirectOnly = Protocols.isHttp(protocol) && Nulls.isTrue(tls.getHttpsRedirect())
                    && Nulls.isEmpty(tls.getServerCertificate()) && Nulls.isEmpty(tls.getPrivateKey())
                    && Nulls.isEmpty(tls.getCaCertificates()) && Nulls.isEmpty(tls.getCredentialName());
            if (!redirectOnly) {
                checks.conflict(path.child("tls"), "port protocol " + protocol,
                        "tls only on HTTPS or TLS ports, or httpsRedirect alone on an HTTP port");
            }
        }
    }

    /** Returns whether the port is there and valid, so that its protocol can be relied on. */
    private static boolean checkPort(Checks checks, FieldPath path, Port port, boolean unix) {
        if (port == null) {
            checks.missing(path, "a port with a number, name and protocol");
            return false;
        }
        int before = checks.count();
        if (!Protocols.isKnown(port.getProtocol())) {
            checks.invalid(path.child("protocol"), port.getProtocol(), Protocols.EXPECTED);
        }
        if (!unix || (port.getNumber() != null && port.getNumber() != 0)) {
            Addresses.checkRequiredPort(checks, path.child("number"), port.getNumber());
        }
        if (port.getTargetPort() != null && port.getTargetPort() != 0) {
            checks.invalid(path.child("targetPort"), port.getTargetPort(), "unset; a gateway listens on port.number");
        }
        if (Nulls.isEmpty(port.getName())) {
            checks.missing(path.child("name"), "a port name, unique among the gateway's servers");
        }
        return checks.count() == before;
    }
}
