/**
 * Sutra's benchmarks: JMH micro-benchmarks of the data path's hot paths ({@code router},
 * {@code cluster}, {@code http}, {@code snapshot}) and the control plane's scale simulation
 * ({@code scale}), all over the real classes. {@code mesh} builds the synthetic mesh they share.
 * Nothing here runs in the tests; {@code bench/jmh.sh} and {@code bench/controlplane-scale.sh}
 * run them.
 */
package dev.sutra.bench;
