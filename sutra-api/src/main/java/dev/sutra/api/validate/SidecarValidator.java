package dev.sutra.api.validate;

import static dev.sutra.api.validate.Nulls.list;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.CaptureMode;
import io.fabric8.istio.api.api.networking.v1alpha3.IstioEgressListener;
import io.fabric8.istio.api.api.networking.v1alpha3.IstioIngressListener;
import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicy;
import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicyMode;
import io.fabric8.istio.api.api.networking.v1alpha3.ServerTLSSettingsTLSmode;
import io.fabric8.istio.api.api.networking.v1alpha3.Sidecar;
import io.fabric8.istio.api.api.networking.v1alpha3.SidecarPort;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sidecar: which listeners a workload's proxy opens (ingress) and which services it can reach
 * (egress, as {@code namespace/host}).
 */
final class SidecarValidator implements KindValidator<Sidecar> {

    static final SidecarValidator INSTANCE = new SidecarValidator();

    private SidecarValidator() {
    }

    @Override
    public Class<Sidecar> specType() {
        return Sidecar.class;
    }

    @Override
    public void validate(Sidecar sidecar, Checks checks) {
        FieldPath spec = FieldPath.of("spec");
        if (sidecar.getWorkloadSelector() != null) {
            LabelRules.checkSelector(checks, spec.child("workloadSelector").child("labels"),
                    Nulls.map(sidecar.getWorkloadSelector().getLabels()));
        }
        List<IstioIngressListener> ingress = list(sidecar.getIngress());
        List<IstioEgressListener> egress = list(sidecar.getEgress());
        if (ingress.isEmpty() && egress.isEmpty() && sidecar.getOutboundTrafficPolicy() == null
                && sidecar.getInboundConnectionPool() == null) {
            checks.missing(spec, "at least one of ingress, egress, outboundTrafficPolicy or inboundConnectionPool");
            return;
        }
        Set<Long> ports = new HashSet<>();
        for (int i = 0; i < ingress.size(); i++) {
            checkIngress(checks, spec.child("ingress").index(i), ingress.get(i), ports);
        }
        TrafficPolicyRules.checkConnectionPool(checks, spec.child("inboundConnectionPool"), sidecar.getInboundConnectionPool());
        checkEgress(checks, spec.child("egress"), egress);
        checkOutbound(checks, spec.child("outboundTrafficPolicy"), sidecar.getOutboundTrafficPolicy());
    }

    private static void checkIngress(Checks checks, FieldPath path, @Nullable IstioIngressListener listener, Set<Long> ports) {
        if (listener == null || listener.getPort() == null) {
            checks.missing(path.child("port"), "the port the listener accepts traffic on");
            return;
        }
        SidecarPort port = listener.getPort();
        checkPort(checks, path.child("port"), port);
        Addresses.checkRequiredPort(checks, path.child("port").child("number"), port.getNumber());
        if (port.getNumber() != null && !ports.add(port.getNumber())) {
            checks.invalid(path.child("port").child("number"), port.getNumber(), "a port unique among ingress listeners");
        }
        checkBind(checks, path.child("bind"), listener.getBind());
        checkDefaultEndpoint(checks, path.child("defaultEndpoint"), listener.getDefaultEndpoint());
        var tls = listener.getTls();
        if (tls != null) {
            FieldPath at = path.child("tls");
            if (tls.getMode() == ServerTLSSettingsTLSmode.ISTIO_MUTUAL || tls.getMode() == ServerTLSSettingsTLSmode.AUTO_PASSTHROUGH) {
                checks.invalid(at.child("mode"), tls.getMode().name(), "SIMPLE, MUTUAL or OPTIONAL_MUTUAL on a sidecar");
            }
            if (!Nulls.isEmpty(tls.getSubjectAltNames()) || Nulls.isTrue(tls.getHttpsRedirect())
                    || !Nulls.isEmpty(tls.getCredentialName()) || !Nulls.isEmpty(tls.getCredentialNames())
                    || !Nulls.isEmpty(tls.getTlsCertificates())) {
                checks.error(at, "gateway-only settings (expected: none of subjectAltNames, httpsRedirect, "
                        + "credentialName, credentialNames, tlsCertificates on a sidecar)");
            }
            if (!Protocols.isTls(port.getProtocol())) {
                checks.conflict(at, "port protocol " + port.getProtocol(), "tls only on HTTPS or TLS ports");
            }
            ServerTlsRules.check(checks, at, tls);
        }
        TrafficPolicyRules.checkConnectionPool(checks, path.child("connectionPool"), listener.getConnectionPool());
    }

    /** The application's address: 127.0.0.1, 0.0.0.0, [::1] or [::] with a port, or a Unix socket. */
    private static void checkDefaultEndpoint(Checks checks, FieldPath path, @Nullable String endpoint) {
        if (Nulls.isEmpty(endpoint)) {
            return;
        }
        if (endpoint.startsWith(Addresses.UNIX_PREFIX)) {
            Addresses.checkUnixAddress(checks, path, endpoint);
            return;
        }
        int colon = endpoint.lastIndexOf(':');
        String host = colon < 0 ? "" : endpoint.substring(0, colon);
        String port = colon < 0 ? "" : endpoint.substring(colon + 1);
        boolean hostOk = List.of("", "127.0.0.1", "0.0.0.0", "[::1]", "[::]").contains(host);
        boolean portOk = !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
        if (colon < 0 || !hostOk || !portOk) {
            checks.invalid(path, endpoint, "127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix://<path>");
        }
    }

    private static void checkEgress(Checks checks, FieldPath path, List<IstioEgressListener> egress) {
        Set<Long> ports = new HashSet<>();
        Set<String> sockets = new HashSet<>();
        boolean catchAll = false;
        for (int i = 0; i < egress.size(); i++) {
            FieldPath at = path.index(i);
            IstioEgressListener listener = egress.get(i);
            if (listener == null) {
                checks.missing(at, "an egress listener with hosts");
                continue;
            }
            // One listener without a port catches everything else, so it must come last.
            if (listener.getPort() == null) {
                if (catchAll) {
                    checks.error(at, "a second egress listener without a port (expected: at most one, the last)");
                } else if (i != egress.size() - 1) {
                    checks.error(at, "an egress listener without a port before others (expected: it last)");
                }
                catchAll = true;
            } else {
                checkEgressPort(checks, at, listener, ports, sockets);
            }
            List<String> hosts = list(listener.getHosts());
            if (hosts.isEmpty()) {
                checks.missing(at.child("hosts"), "at least one namespace/host, like ./* or istio-system/*");
            }
            for (int h = 0; h < hosts.size(); h++) {
                HostRules.checkNamespaceSlashHost(checks, at.child("hosts").index(h), hosts.get(h), false);
            }
        }
    }

    private static void checkEgressPort(Checks checks, FieldPath path, IstioEgressListener listener, Set<Long> ports,
            Set<String> sockets) {
        SidecarPort port = listener.getPort();
        checkPort(checks, path.child("port"), port);
        String bind = Nulls.string(listener.getBind());
        long number = Nulls.longValue(port.getNumber());
        if (number == 0) {
            // Port 0 means a Unix socket listener, named by bind.
            if (!bind.startsWith(Addresses.UNIX_PREFIX)) {
                checks.invalid(path.child("bind"), bind, "a unix:// socket when port.number is 0");
            } else {
                Addresses.checkUnixAddress(checks, path.child("bind"), bind);
                if (!sockets.add(bind)) {
                    checks.invalid(path.child("bind"), bind, "a socket unique among egress listeners");
                }
            }
            CaptureMode mode = listener.getCaptureMode();
            if (mode != null && mode != CaptureMode.DEFAULT && mode != CaptureMode.NONE) {
                checks.invalid(path.child("captureMode"), mode.name(), "DEFAULT or NONE for a Unix socket listener");
            }
            return;
        }
        Addresses.checkPort(checks, path.child("port").child("number"), number);
        checkBind(checks, path.child("bind"), bind);
        if (!ports.add(number)) {
            checks.invalid(path.child("port").child("number"), number, "a port unique among egress listeners");
        }
    }

    private static void checkPort(Checks checks, FieldPath path, SidecarPort port) {
        if (!Nulls.isEmpty(port.getName()) && !HostRules.isDnsLabel(port.getName())) {
            checks.invalid(path.child("name"), port.getName(), "a port name: a DNS label like http");
        }
        if (!Nulls.isEmpty(port.getProtocol()) && !Protocols.isKnown(port.getProtocol())) {
            checks.invalid(path.child("protocol"), port.getProtocol(), Protocols.EXPECTED);
        }
        if (port.getTargetPort() != null && port.getTargetPort() != 0) {
            checks.invalid(path.child("targetPort"), port.getTargetPort(), "unset; a sidecar listens on port.number");
        }
    }

    private static void checkBind(Checks checks, FieldPath path, @Nullable String bind) {
        if (!Nulls.isEmpty(bind) && !Addresses.isIp(bind)) {
            checks.invalid(path, bind, "an IP address");
        }
    }

    private static void checkOutbound(Checks checks, FieldPath path, @Nullable OutboundTrafficPolicy policy) {
        if (policy == null || policy.getEgressProxy() == null) {
            return;
        }
        if (policy.getMode() != OutboundTrafficPolicyMode.ALLOW_ANY) {
            checks.conflict(path.child("egressProxy"), "mode " + (policy.getMode() == null ? "REGISTRY_ONLY"
                    : policy.getMode().name()), "egressProxy only with mode ALLOW_ANY");
            return;
        }
        FieldPath at = path.child("egressProxy");
        String host = Nulls.string(policy.getEgressProxy().getHost());
        if (HostRules.fqdnProblem(host) != null) {
            checks.invalid(at.child("host"), host, HostRules.EXPECTED_FQDN);
        }
        if (policy.getEgressProxy().getPort() == null) {
            checks.missing(at.child("port"), "the egress proxy's port");
        }
        RouteDestinations.check(checks, at, policy.getEgressProxy());
    }
}
