/**
 * The control plane's side of mesh identity: the mesh CA ({@link
 * dev.sutra.controlplane.ca.MeshCa}: roots, join tokens, rotation, the certificates it issued),
 * the TLS port 15012 ({@link dev.sutra.controlplane.ca.TlsServer}) that serves ADS to proxies with
 * certificates and {@code CreateCertificate} to everyone, and what operators see of it (certificate
 * inventory, expiry gauges, rotation progress).
 *
 * <p>Who may get which certificate: a join token allows exactly its identity; a verified client
 * certificate allows its own identity (renewal); nothing else is a credential. On the TLS port an
 * ADS stream must come with a client certificate whose SPIFFE ID matches the namespace and service
 * account the proxy's {@code Node} claims.
 *
 * <p>Non-null unless marked {@link dev.sutra.api.Nullable}.
 */
package dev.sutra.controlplane.ca;
