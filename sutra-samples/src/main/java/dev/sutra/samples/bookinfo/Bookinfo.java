package dev.sutra.samples.bookinfo;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The application's topology and how its instances address each other: services, versions, the
 * service port {@value #SERVICE_PORT} named {@value #PORT_NAME}, who calls whom, and host names
 * {@code <service>.<namespace>.svc.<domain>}. {@link #start} runs one app per instance.
 *
 * <p>Immutable and thread-safe.
 */
public final class Bookinfo {

    /** The port every service is reached on, as in Istio's bookinfo. */
    public static final int SERVICE_PORT = 9080;
    /** The service port's name; its {@code http} prefix is what makes the mesh treat it as HTTP. */
    public static final String PORT_NAME = "http";
    /** The traffic driver's workload and service account name, for its sidecar. */
    public static final String LOADGEN = "loadgen";
    /** Upstream calls give up after this long, as a real app's client would. */
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(3);

    /** The services, callers before callees. */
    static final List<BookinfoService> SERVICES = List.of(
            new BookinfoService("productpage", List.of("v1"), List.of("details", "reviews")),
            new BookinfoService("details", List.of("v1"), List.of()),
            new BookinfoService("reviews", List.of("v1", "v2", "v3"), List.of("ratings")),
            new BookinfoService("ratings", List.of("v1"), List.of()));

    private final String namespace;
    private final String domain;

    private Bookinfo(String namespace, String domain) {
        this.namespace = requireNonNull(namespace, "namespace");
        this.domain = requireNonNull(domain, "domain");
    }

    /** Bookinfo in namespace {@code default}, trust and DNS domain {@code cluster.local}. */
    public static Bookinfo create() {
        return new Bookinfo("default", "cluster.local");
    }

    /** Bookinfo in another namespace or domain. */
    public static Bookinfo create(String namespace, String domain) {
        return new Bookinfo(namespace, domain);
    }

    public String namespace() {
        return namespace;
    }

    public String domain() {
        return domain;
    }

    /** The services, callers before callees. */
    public List<BookinfoService> services() {
        return SERVICES;
    }

    /** The service of this name. */
    public BookinfoService service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("service: " + name
                        + " (expected: productpage, details, reviews or ratings)"));
    }

    /** One instance per service version, each on application port 0 (pick one when started). */
    public List<AppInstance> instances() {
        List<AppInstance> instances = new ArrayList<>();
        for (BookinfoService service : SERVICES) {
            for (String version : service.versions()) {
                instances.add(new AppInstance(service.name(), version, 0));
            }
        }
        return List.copyOf(instances);
    }

    /** The services this instance calls: reviews v1 shows no stars, so it never calls ratings. */
    public List<String> upstreams(AppInstance instance) {
        BookinfoService service = service(instance.service());
        if (service.name().equals("reviews") && !Reviews.callsRatings(instance.version())) {
            return List.of();
        }
        return service.calls();
    }

    /** The host name clients put in the request, {@code reviews.default.svc.cluster.local}. */
    public String host(String service) {
        return service + "." + namespace + ".svc." + domain;
    }

    /** An absolute URI for a path on a service, as sent to the sidecar in absolute form. */
    public URI uri(String service, String path) {
        return URI.create("http://" + host(service) + ":" + SERVICE_PORT + path);
    }

    /** What the traffic driver requests: {@code http://productpage.<ns>.svc.<domain>:9080/productpage}. */
    public URI productPageUri() {
        return uri("productpage", "/productpage");
    }

    /**
     * Starts one app per instance of {@link #instances()} on 127.0.0.1, each on a port of its own.
     *
     * @param outboundPort the port of each instance's sidecar outbound listener on 127.0.0.1; the
     *     sidecars may start after the apps, since apps connect only when they call out
     */
    public RunningBookinfo start(ToIntFunction<AppInstance> outboundPort) {
        return start(instances(), outboundPort, DEFAULT_UPSTREAM_TIMEOUT);
    }

    /**
     * Starts one app per given instance, on its {@code appPort} (0 picks one).
     *
     * @throws UncheckedIOException if an app cannot listen; those already started are stopped
     */
    public RunningBookinfo start(List<AppInstance> instances, ToIntFunction<AppInstance> outboundPort,
            Duration upstreamTimeout) {
        requireNonNull(outboundPort, "outboundPort");
        List<BookinfoApp> apps = new ArrayList<>();
        try {
            for (AppInstance instance : instances) {
                InetSocketAddress proxy = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        outboundPort.applyAsInt(instance));
                apps.add(BookinfoApp.builder(instance.service(), instance.version())
                        .topology(this)
                        .port(instance.appPort())
                        .outboundProxy(proxy)
                        .upstreamTimeout(upstreamTimeout)
                        .start());
            }
        } catch (IOException | RuntimeException e) {
            apps.forEach(BookinfoApp::close);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot start bookinfo: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        return new RunningBookinfo(this, apps);
    }

    @Override
    public String toString() {
        return "Bookinfo[namespace=" + namespace + ", domain=" + domain + "]";
    }
}
