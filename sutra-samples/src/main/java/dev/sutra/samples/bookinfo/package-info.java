/**
 * A bookinfo-like application for the demo: {@code productpage} calls {@code details} and
 * {@code reviews}; {@code reviews} v2 and v3 call {@code ratings}. Each instance is a small HTTP/1.1
 * server on the JDK's {@code HttpServer} that reaches other services only through its sidecar's
 * outbound port, by host name, the way an {@code HTTP_PROXY} client does.
 * {@link dev.sutra.samples.bookinfo.Bookinfo} describes the topology and starts every instance;
 * {@link dev.sutra.samples.bookinfo.BookinfoApp} is one running instance.
 *
 * <p>Non-null throughout.
 */
package dev.sutra.samples.bookinfo;
