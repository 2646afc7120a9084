/**
 * SPIFFE identities and the X.509 pieces that the control plane and the proxy share: {@link
 * dev.sutra.ca.SpiffeId}, workload keys and certificate signing requests ({@link
 * dev.sutra.ca.EcdsaKeys}, {@link dev.sutra.ca.Csr}), trust bundles and root pins ({@link
 * dev.sutra.ca.TrustBundle}, {@link dev.sutra.ca.RootPin}), PEM files ({@link dev.sutra.ca.Pem},
 * {@link dev.sutra.ca.OwnerOnlyFiles}) and certificate inspection ({@link
 * dev.sutra.ca.CertificateInfo}).
 *
 * <p>Everything in this package and its sub-packages is non-null: no parameter accepts {@code null}
 * and no method returns it; {@link java.util.Optional} says where a value may be absent. All
 * values are immutable and safe to share between threads.
 */
package dev.sutra.ca;
