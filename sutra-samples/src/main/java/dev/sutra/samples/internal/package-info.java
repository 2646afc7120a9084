/**
 * Implementation detail shared by the sample's packages; anything here may change without notice.
 *
 * <p>Non-null unless a method says otherwise.
 */
package dev.sutra.samples.internal;
