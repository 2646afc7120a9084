/**
 * The signing side, run by the control plane: a {@link dev.sutra.ca.authority.CertificateAuthority}
 * that keeps its roots in a state directory (or signs with an intermediate plugged in from files),
 * issues X.509-SVIDs for CSRs whose identity the caller has authenticated, issues serving
 * certificates for the control plane's own TLS port, and rotates its root in stages.
 *
 * <p>Non-null throughout. Signing is CPU work (a few hundred microseconds): run it on a worker
 * executor, never on an event loop. Rotation writes files.
 */
package dev.sutra.ca.authority;
