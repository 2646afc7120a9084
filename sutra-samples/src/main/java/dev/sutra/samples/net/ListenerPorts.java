package dev.sutra.samples.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for listeners that are bound a while after they are picked, as the demo's sidecars (other
 * processes, seconds later) and the tests' proxies bind theirs. A port from {@code bind(0)} is a
 * poor choice for that: the kernel may hand the same port to the next {@code bind(0)} or outgoing
 * connection meanwhile, and the listener then cannot bind (this once stalled the demo's load
 * generator). These come from below the kernel's ephemeral range, where nothing is assigned
 * automatically, are distinct per instance, and were free on every address when handed out.
 * Thread-safe.
 */
public final class ListenerPorts {

    private static final int LOWEST = 20_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private final Set<Integer> given = new HashSet<>();
    private final int end;
    private int next;

    /** Probes from a random port, so two demos or test runs on one machine rarely probe the same ones. */
    public ListenerPorts() {
        this(-1);
    }

    /** Probes from {@code firstProbe} when it lies in the range (for tests), else from a random port. */
    ListenerPorts(int firstProbe) {
        this.end = Math.max(LOWEST + 1_000, ephemeralStart());
        this.next = firstProbe >= LOWEST && firstProbe < end ? firstProbe
                : LOWEST + ThreadLocalRandom.current().nextInt(end - LOWEST);
    }

    /** A port no other call returned, free on the wildcard address right now. */
    public synchronized int next() throws IOException {
        for (int tried = 0; tried < end - LOWEST; tried++) {
            int port = next;
            next = next + 1 < end ? next + 1 : LOWEST;
            if (!given.contains(port) && free(port)) {
                given.add(port);
                return port;
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + end);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The first port the kernel assigns by itself (32768 when the range cannot be read). Read by
     * lines: {@code Files.readString} trusts the size /proc reports and returns one byte of it.
     */
    private static int ephemeralStart() {
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
