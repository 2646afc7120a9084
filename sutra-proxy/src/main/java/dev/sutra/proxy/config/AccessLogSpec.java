package dev.sutra.proxy.config;

import dev.sutra.proxy.accesslog.AccessLogFormat;

/**
 * One {@code access_log} entry of a connection manager: the file and the line format.
 *
 * @param path the file ({@code /dev/stdout} for Envoy's stdout logger)
 * @param format the compiled line format
 * @param listener the listener it belongs to, and {@code field} its place there, for errors
 */
public record AccessLogSpec(String path, AccessLogFormat format, String listener, String field) {
}
