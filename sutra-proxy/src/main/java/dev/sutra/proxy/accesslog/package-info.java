/**
 * Access logs as Envoy writes them: the connection manager's {@code access_log} entries (file or
 * stdout loggers, text formats with Envoy's command operators), one line per finished request.
 * The event loop only captures the request's facts; formatting and writing happen on a writer
 * thread per file, so a slow disk or pipe never stalls traffic (a full queue drops lines and
 * counts them).
 *
 * <p>Non-null unless marked {@code @Nullable}.
 */
package dev.sutra.proxy.accesslog;
