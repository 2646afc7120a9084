package dev.sutra.proxy.xds;

import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.proxy.config.Nullable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a booting proxy does when the control plane gave it no config within the initial wait:
 * it serves the snapshot an earlier run persisted, and says so, while the client keeps trying the
 * control plane. A missing, corrupt or rejected snapshot is reported and ignored. Confined to the
 * client thread.
 */
final class BootFallback {

    private static final Logger log = LoggerFactory.getLogger(XdsClient.class);

    private final String target;
    private final Duration initialWait;
    private final AcceptedConfig config;
    private final @Nullable SnapshotStore store;

    BootFallback(String target, Duration initialWait, AcceptedConfig config, @Nullable SnapshotStore store) {
        this.target = target;
        this.initialWait = initialWait;
        this.config = config;
        this.store = store;
    }

    /**
     * Applies the persisted snapshot; only when nothing came from the control plane.
     *
     * @param connected whether a stream is up (the control plane answers, but nothing was accepted)
     * @param lastFailure why the last stream failed, empty when none did
     * @return whether the stale snapshot is now in force
     */
    boolean loadStale(boolean connected, String lastFailure) {
        String reason = reason(connected, lastFailure);
        if (store == null) {
            log.warn("no config from control plane {} within {} ms ({}), and no state directory to fall back on",
                    target, initialWait.toMillis(), reason);
            return false;
        }
        Optional<XdsSnapshot> persisted;
        try {
            persisted = store.load();
        } catch (IOException e) {
            log.warn("ignoring the persisted xDS snapshot: {}", e.getMessage());
            return false;
        }
        if (persisted.isEmpty()) {
            log.warn("no config from control plane {} within {} ms ({}), and none persisted in {}", target,
                    initialWait.toMillis(), reason, store.file());
            return false;
        }
        try {
            config.loadStale(persisted.get());
        } catch (InvalidConfigException | RuntimeException e) {
            log.warn("ignoring the persisted xDS snapshot {}: the proxy rejects it: {}", store.file(), e.getMessage());
            return false;
        }
        log.warn("serving stale config since {} (control plane {} unreachable: {})", persisted.get().receivedAt(),
                target, reason);
        return true;
    }

    private String reason(boolean connected, String lastFailure) {
        if (connected) {
            Nack nack = config.lastNack();
            return "connected, but no config accepted within " + initialWait.toMillis() + " ms"
                    + (nack == null ? "" : "; last rejected: " + nack.reason());
        }
        return lastFailure.isEmpty() ? "no answer within " + initialWait.toMillis() + " ms" : lastFailure;
    }
}
