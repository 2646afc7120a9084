package dev.sutra.testkit;

import dev.sutra.api.mesh.Locality;
import dev.sutra.api.mesh.Protocol;
import dev.sutra.proxy.ProxyOptions;
import dev.sutra.proxy.SutraProxy;
import dev.sutra.xds.node.AppPort;
import dev.sutra.xds.node.ProxyNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Sutra proxy inside the test JVM, with its own event loops, sockets, xDS stream and state
 * directory, on ports picked free. Build with {@link #builder}, close in {@code @AfterEach}.
 */
public final class ProxyFixture implements AutoCloseable {

    private final SutraProxy proxy;
    private final ProxyOptions options;

    private ProxyFixture(SutraProxy proxy, ProxyOptions options) {
        this.proxy = proxy;
        this.options = options;
    }

    public static Builder builder(String service) {
        return new Builder(service);
    }

    public SutraProxy proxy() {
        return proxy;
    }

    public ProxyOptions options() {
        return options;
    }

    /** The outbound HTTP port applications send requests (or absolute URLs) to. */
    public int outboundPort() {
        return options.outboundPort();
    }

    /** The inbound port in front of the first application port. */
    public int inboundPort() {
        return options.ports().get(0).inboundPort();
    }

    public int adminPort() {
        return proxy.adminPort();
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort();
    }

    @Override
    public void close() {
        proxy.close();
    }

    /** Options of a proxy under test. */
    public static final class Builder {
        private final String service;
        private String namespace = "default";
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<AppPort> ports = new ArrayList<>();
        private final List<ProxyNode.UpstreamBind> upstreams = new ArrayList<>();
        private boolean outbound = true;
        private int controlPlanePort;
        private Path stateDir;
        private Duration initialWait = Duration.ofSeconds(2);
        private boolean awaitConfig = true;
        private int outboundPort;
        private ProxyOptions.IdentityOptions identity;
        private ControlPlaneFixture joiningControlPlane;

        private Builder(String service) {
            this.service = service;
        }

        public Builder namespace(String ns) {
            this.namespace = ns;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** An application port of {@code protocol} (http, http2, grpc, tcp) fronted by a free inbound port. */
        public Builder appPort(String protocol, int port) {
            Protocol p = Protocol.parse(protocol);
            ports.add(new AppPort(protocol, port, port, p, Ports.free()));
            return this;
        }

        /** A service port clients call that forwards to a different application port. */
        public Builder servicePort(String protocol, int servicePort, int appPort) {
            ports.add(new AppPort(protocol, servicePort, appPort, Protocol.parse(protocol), Ports.free()));
            return this;
        }

        /** Same as {@link #appPort(String, int)}, reusing a known inbound port (for restarts). */
        public Builder appPortWithInbound(String protocol, int port, int inboundPort) {
            ports.add(new AppPort(protocol, port, port, Protocol.parse(protocol), inboundPort));
            return this;
        }

        public Builder noOutbound() {
            this.outbound = false;
            return this;
        }

        /** A fixed outbound port (for restarts that must keep it). */
        public Builder outboundPort(int port) {
            this.outboundPort = port;
            return this;
        }

        public Builder upstream(String host, int port, int localPort) {
            upstreams.add(new ProxyNode.UpstreamBind(host, port, "127.0.0.1", localPort));
            return this;
        }

        /**
         * The control plane to join: with a join token over its TLS port when it runs a CA (the
         * identity is this builder's namespace and the service as service account), else plaintext.
         */
        public Builder controlPlane(ControlPlaneFixture cp) {
            this.joiningControlPlane = cp;
            return this;
        }

        /** An identity from a join token: the control plane is then reached over TLS on {@code tlsPort}. */
        public Builder joinToken(String token, int tlsPort) {
            this.identity = new ProxyOptions.IdentityOptions(token, null, "cluster.local");
            this.controlPlanePort = tlsPort;
            return this;
        }

        /** An identity kept in the state directory from an earlier run (a restart while the CA is down, say). */
        public Builder persistedIdentity(int tlsPort) {
            this.identity = new ProxyOptions.IdentityOptions(null, null, "cluster.local");
            this.controlPlanePort = tlsPort;
            return this;
        }

        /** An identity whose first trust is the mesh's root in {@code rootFile} (after a restart, say). */
        public Builder identityFromRoot(Path rootFile, int tlsPort) {
            this.identity = new ProxyOptions.IdentityOptions(null, rootFile, "cluster.local");
            this.controlPlanePort = tlsPort;
            return this;
        }

        public Builder controlPlanePort(int port) {
            this.controlPlanePort = port;
            return this;
        }

        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder initialWait(Duration wait) {
            this.initialWait = wait;
            return this;
        }

        /** Returns from {@link #start()} without waiting for config (to test startup without a control plane). */
        public Builder noWait() {
            this.awaitConfig = false;
            return this;
        }

        /** Starts the proxy and waits until its first config is in force. */
        public ProxyFixture start() throws IOException {
            if (joiningControlPlane != null) {
                ControlPlaneFixture cp = joiningControlPlane;
                if (cp.tlsPort().isPresent()) {
                    joinToken(cp.joinToken(namespace, service), cp.tlsPort().get());
                } else {
                    controlPlanePort(cp.xdsPort());
                }
            }
            int out = outbound ? (outboundPort > 0 ? outboundPort : Ports.free()) : 0;
            Path state = stateDir != null ? stateDir
                    : java.nio.file.Files.createTempDirectory("sutra-proxy-" + service);
            ProxyOptions options = new ProxyOptions(service, namespace, service, labels, "127.0.0.1", ports,
                    "127.0.0.1", out, "127.0.0.1", 0, "127.0.0.1", controlPlanePort, state, Locality.NONE, upstreams,
                    2, initialWait, identity);
            SutraProxy proxy = SutraProxy.start(options);
            if (awaitConfig) {
                try {
                    proxy.firstApplied().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    proxy.close();
                    throw new IOException("proxy " + service + " got no config within 30 s", e);
                }
            }
            return new ProxyFixture(proxy, options);
        }
    }
}
