/**
 * Per-window request statistics shared by the sample apps, the traffic driver and the live view:
 * a {@link dev.sutra.samples.stats.WindowRecorder} counts from many threads without locks, and each
 * {@link dev.sutra.samples.stats.WindowRecorder#roll() roll} hands one reader an immutable
 * {@link dev.sutra.samples.stats.Window}.
 *
 * <p>Non-null throughout.
 */
package dev.sutra.samples.stats;
