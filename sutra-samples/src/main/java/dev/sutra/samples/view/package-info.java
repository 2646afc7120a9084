/**
 * The demo's live terminal view: {@link dev.sutra.samples.view.DemoScreen} renders a
 * {@link dev.sutra.samples.view.DemoSnapshot} to text (a pure function, ANSI or plain), and
 * {@link dev.sutra.samples.view.LiveView} prints one every second until stopped. No terminal
 * library: cursor-home and erase sequences are enough for a screen that redraws in place.
 *
 * <p>Non-null throughout.
 */
package dev.sutra.samples.view;
