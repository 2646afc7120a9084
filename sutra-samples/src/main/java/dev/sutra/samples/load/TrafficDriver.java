package dev.sutra.samples.load;

import static java.util.Objects.requireNonNull;

import dev.sutra.samples.stats.WindowRecorder;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steady open-loop traffic to productpage: requests leave on a fixed schedule whether or not
 * earlier ones have answered, so a slow mesh shows as latency rather than as a quietly lower rate.
 * Latency is measured from when a request was due, not when it went out, which keeps a stalled
 * sender from hiding its own delay (coordinated omission). At most {@code maxInFlight} requests are
 * outstanding; a request due beyond that is not sent and counts as a failure.
 *
 * <p>Every completed request lands in {@link #stats()}: status (2xx is a success), latency, the
 * reviews version of each success, and the upstreams the page reported as failed. Thread-safe;
 * {@link #close()} stops it.
 *
 * <pre>{@code
 * TrafficDriver driver = TrafficDriver.builder(bookinfo.productPageUri())
 *         .proxy(new InetSocketAddress("127.0.0.1", loadgenOutboundPort))
 *         .start();
 * }</pre>
 */
public final class TrafficDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrafficDriver.class);
    /** Falling further behind than this (a suspended laptop, a long GC) skips ahead instead of bursting. */
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HttpClient client;
    private final HttpRequest anonymous;
    private final HttpRequest asUser;
    private final double userShare;
    private final long periodNanos;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final WindowRecorder stats = new WindowRecorder();
    private final Thread sender;
    private volatile boolean running = true;

    private TrafficDriver(Builder b) {
        HttpClient.Builder client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.timeout);
        b.proxy.ifPresent(proxy -> client.proxy(ProxySelector.of(proxy)));
        this.client = client.build();
        HttpRequest.Builder request = HttpRequest.newBuilder(b.target).timeout(b.timeout)
                .header("accept", "application/json").GET();
        this.anonymous = request.copy().build();
        this.asUser = b.endUser.isEmpty() ? anonymous : request.copy().header("end-user", b.endUser).build();
        this.userShare = b.endUser.isEmpty() ? 0 : b.userShare;
        this.periodNanos = Math.max(1, Math.round(1e9 / b.rate));
        this.maxInFlight = b.maxInFlight;
        this.inFlight = new Semaphore(b.maxInFlight);
        this.sender = Thread.ofPlatform().daemon().name("sutra-loadgen").unstarted(this::run);
    }

    /** A driver for {@code GET target}, such as {@code Bookinfo.productPageUri()}. */
    public static Builder builder(URI target) {
        return new Builder(requireNonNull(target, "target"));
    }

    /** What the driver saw, one window per roll. One reader rolls it. */
    public WindowRecorder stats() {
        return stats;
    }

    /** Requests sent and not yet answered. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /** Stops sending; answers still outstanding are dropped uncounted. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(sender);
        try {
            sender.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdownNow();
        log.debug("traffic driver stopped");
    }

    private void run() {
        long due = System.nanoTime();
        long sent = 0;
        while (running) {
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            if (now - due > MAX_LAG_NANOS) {
                due = now;
            }
            // Spread the user's share evenly: request n is the user's when floor(n * share) steps up.
            boolean user = Math.floor((sent + 1) * userShare) > Math.floor(sent * userShare);
            send(user ? asUser : anonymous, due);
            sent++;
            due += periodNanos;
        }
    }

    private void send(HttpRequest request, long due) {
        if (!inFlight.tryAcquire()) {
            stats.recordUnsent();
            return;
        }
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        inFlight.release();
                        if (!running) {
                            return;
                        }
                        PageOutcome outcome = failure == null
                                ? PageOutcome.of(response.statusCode(), response.body()) : PageOutcome.failed();
                        stats.record(outcome.success(), System.nanoTime() - due, outcome.reviewsVersion(),
                                outcome.upstreamErrors());
                    });
        } catch (RuntimeException e) {
            // sendAsync throws only when the client is shutting down.
            inFlight.release();
        }
    }

    /** Configures a driver; {@link #start()} starts it. */
    public static final class Builder {
        private final URI target;
        private Optional<InetSocketAddress> proxy = Optional.empty();
        private double rate = 20;
        private int maxInFlight = 64;
        private Duration timeout = Duration.ofSeconds(3);
        private String endUser = "";
        private double userShare;

        private Builder(URI target) {
            this.target = target;
        }

        /** The sidecar outbound listener to send through, as an HTTP proxy; direct when not set. */
        public Builder proxy(InetSocketAddress proxy) {
            this.proxy = Optional.of(requireNonNull(proxy, "proxy"));
            return this;
        }

        /** Requests per second; default 20. */
        public Builder rate(double perSecond) {
            if (!(perSecond > 0 && perSecond <= 100_000)) {
                throw new IllegalArgumentException("rate: " + perSecond + " (expected: > 0 and <= 100000)");
            }
            this.rate = perSecond;
            return this;
        }

        /** Requests outstanding at most; default 64. */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight: " + maxInFlight + " (expected: >= 1)");
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** How long a request may take before it counts as failed; default 3 s. */
        public Builder timeout(Duration timeout) {
            requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sends {@code end-user: <user>} on a share of requests, spread evenly, as a logged-in user
         * would; with {@code reviews-jason.yaml} applied, that share of reviews goes to v2.
         *
         * @param share from 0 (never) to 1 (always)
         */
        public Builder endUser(String user, double share) {
            requireNonNull(user, "user");
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("share: " + share + " (expected: 0 to 1)");
            }
            this.endUser = user;
            this.userShare = share;
            return this;
        }

        /** Starts sending at once. */
        public TrafficDriver start() {
            TrafficDriver driver = new TrafficDriver(this);
            driver.sender.start();
            log.debug("traffic driver started: {} rps to {}", rate, target);
            return driver;
        }
    }
}
