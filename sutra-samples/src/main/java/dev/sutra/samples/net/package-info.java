/**
 * Networking helpers for running a mesh on one machine: ports picked for listeners that other
 * processes bind later.
 *
 * <p>Non-null throughout.
 */
package dev.sutra.samples.net;
