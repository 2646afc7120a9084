/**
 * The demo's traffic driver: steady open-loop load on productpage through a sidecar, counted per
 * window by status, latency, the reviews version that answered and the upstreams that failed.
 *
 * <p>Non-null throughout.
 */
package dev.sutra.samples.load;
