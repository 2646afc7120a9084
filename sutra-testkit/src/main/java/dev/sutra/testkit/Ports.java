package dev.sutra.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports, for processes that must be told their port before they start. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago on 127.0.0.1. Bind to port 0 instead wherever you can. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
