/**
 * Peer verification for mutual TLS between workloads: {@link dev.sutra.ca.tls.SpiffeTrustManager}
 * checks a peer's chain against the current trust bundle and its SPIFFE ID against the expected
 * trust domain, for the JDK's TLS and for Netty's {@code SslContextBuilder.trustManager(...)}.
 *
 * <p>Non-null throughout.
 */
package dev.sutra.ca.tls;
