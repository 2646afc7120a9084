/**
 * The control plane's scale simulation: a real control plane in its own JVM
 * ({@link dev.sutra.bench.scale.ScaleControlPlane}) and a fleet of simulated sidecars, each its own
 * ADS stream with its own node, in the driver's JVM ({@link dev.sutra.bench.scale.ControlPlaneScale}).
 * It measures the initial push, apply-to-ACK latency, and the control plane's heap.
 */
package dev.sutra.bench.scale;
