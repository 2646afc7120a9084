package dev.sutra.testkit;

import dev.sutra.samples.net.ListenerPorts;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Free TCP ports, for proxies and processes that must be told their port before they bind it. */
public final class Ports {

    private static final ListenerPorts PORTS = new ListenerPorts();

    private Ports() {
    }

    /**
     * A port free a moment ago, distinct from every other this JVM got here, and outside the range
     * the kernel hands to {@code bind(0)} and outgoing connections, so nothing else takes it before
     * it is bound. Bind to port 0 instead wherever you can.
     */
    public static int free() {
        try {
            return PORTS.next();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
