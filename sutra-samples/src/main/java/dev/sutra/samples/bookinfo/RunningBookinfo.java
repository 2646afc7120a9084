package dev.sutra.samples.bookinfo;

import java.util.List;

/** Every app instance of a started {@link Bookinfo}; closing it stops them all. */
public final class RunningBookinfo implements AutoCloseable {

    private final Bookinfo topology;
    private final List<BookinfoApp> apps;

    RunningBookinfo(Bookinfo topology, List<BookinfoApp> apps) {
        this.topology = topology;
        this.apps = List.copyOf(apps);
    }

    public Bookinfo topology() {
        return topology;
    }

    /** The apps, in the order of {@link Bookinfo#instances()}. */
    public List<BookinfoApp> apps() {
        return apps;
    }

    /** The instances with the ports their apps listen on: what each sidecar's inbound forwards to. */
    public List<AppInstance> instances() {
        return apps.stream().map(BookinfoApp::instance).toList();
    }

    /** The apps of one service, one per version. */
    public List<BookinfoApp> apps(String service) {
        return apps.stream().filter(a -> a.service().equals(service)).toList();
    }

    /** The app of one service version. */
    public BookinfoApp app(String service, String version) {
        return apps.stream().filter(a -> a.service().equals(service) && a.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no app " + service + " " + version));
    }

    @Override
    public void close() {
        apps.forEach(BookinfoApp::close);
    }
}
