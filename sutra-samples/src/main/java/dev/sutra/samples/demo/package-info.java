/**
 * Wiring for {@code sutra demo}: {@link dev.sutra.samples.demo.DemoMonitor} rolls the statistics of
 * the bookinfo apps and the traffic driver once a tick and turns them into the live view's
 * {@link dev.sutra.samples.view.DemoSnapshot}.
 *
 * <p>Non-null throughout.
 */
package dev.sutra.samples.demo;
