package dev.sutra.controlplane.ca;

import dev.sutra.api.Nullable;
import dev.sutra.ca.SpiffeId;
import io.grpc.Context;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Who is calling on the TLS port, as {@link CallerInterceptor} found it: the peer's address, its
 * client certificate chain and SPIFFE ID if it presented one (the handshake verified it), and the
 * {@code authorization} header if any.
 *
 * @param address the peer's address, for messages
 * @param identity the SPIFFE ID of the verified client certificate, null without one
 * @param chain the client's chain, leaf first; empty without a certificate
 * @param authorization the {@code authorization} header, null when absent
 */
record Caller(String address, @Nullable SpiffeId identity, List<X509Certificate> chain,
        @Nullable String authorization) {

    /** The caller of the gRPC call being handled. */
    static final Context.Key<Caller> KEY = Context.key("sutra-caller");

    Caller {
        chain = List.copyOf(chain);
    }

    /** The caller of the current call; only inside calls on the TLS port. */
    static Caller current() {
        Caller caller = KEY.get();
        if (caller == null) {
            throw new IllegalStateException("no caller: the call did not pass CallerInterceptor");
        }
        return caller;
    }

    /** The serial of the client certificate, in hex, for messages. */
    String certificateSerial() {
        return chain.isEmpty() ? "" : chain.get(0).getSerialNumber().toString(16);
    }
}
