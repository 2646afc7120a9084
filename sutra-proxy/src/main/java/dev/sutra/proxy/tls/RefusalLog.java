package dev.sutra.proxy.tls;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs why connections were refused (no client certificate, foreign CA, expired) with a clear line,
 * at most once a second per reason so a flood of bad peers cannot flood the log.
 */
public final class RefusalLog {

    private final Logger log;
    private final ConcurrentHashMap<String, Long> last = new ConcurrentHashMap<>();

    public RefusalLog(Logger log) {
        this.log = log;
    }

    public void refused(String what, String reason) {
        long now = System.nanoTime();
        Long previous = last.get(reason);
        if (previous != null && now - previous < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        last.put(reason, now);
        log.warn("{} refused: {}", what, reason);
    }
}
