/**
 * Pieces shared by every compiler that turns xDS resources into immutable proxy configuration:
 * the exception whose message becomes the NACK text, and the {@link dev.sutra.proxy.config.Nullable}
 * marker. Everything in the proxy's packages is non-null unless marked.
 */
package dev.sutra.proxy.config;
