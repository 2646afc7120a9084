package dev.sutra.proxy.xds;

import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gRPC channel to the control plane, replaceable. A client certificate goes in at the TLS
 * handshake, and a channel's TLS context resumes its earlier sessions, so a certificate that
 * changed (the first one arrived, a renewal) or credentials the control plane refused take a new
 * channel: new context, new handshake. Used from the client thread; {@link #shutdown} from any.
 */
final class ControlPlaneChannel {

    private final Supplier<ManagedChannel> factory;
    private volatile ManagedChannel current;

    ControlPlaneChannel(Supplier<ManagedChannel> factory) {
        this.factory = factory;
        this.current = factory.get();
    }

    ManagedChannel current() {
        return current;
    }

    /** Shuts the current channel down (its streams end) and makes a new one. */
    void replace() {
        ManagedChannel old = current;
        current = factory.get();
        old.shutdownNow();
    }

    void shutdown() {
        ManagedChannel c = current;
        c.shutdownNow();
        try {
            c.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
