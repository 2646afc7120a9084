/**
 * The proxy's xDS client: one ADS stream (state of the world) to the control plane, and what the
 * proxy does with it.
 *
 * <p>{@link dev.sutra.proxy.xds.XdsClient} subscribes CDS and LDS by wildcard, then the EDS and RDS
 * resources the accepted clusters and listeners name. Every response becomes a whole candidate
 * {@link dev.sutra.proxy.xds.XdsSnapshot} (the accepted one with that type replaced or, for EDS and
 * RDS, merged) that the proxy's {@link dev.sutra.proxy.xds.ConfigApplier} compiles all at once or
 * rejects; the client ACKs or NACKs accordingly. All of this runs on one dedicated thread, never on
 * gRPC or Netty threads.
 *
 * <p>Each accepted snapshot is written to the proxy's state directory by
 * {@link dev.sutra.proxy.xds.SnapshotStore}, so a proxy that restarts while the control plane is
 * down serves its last config and says so. {@link dev.sutra.proxy.xds.XdsStatus} is what the admin
 * page and readiness read.
 */
package dev.sutra.proxy.xds;
