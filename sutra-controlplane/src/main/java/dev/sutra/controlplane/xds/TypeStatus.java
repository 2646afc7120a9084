package dev.sutra.controlplane.xds;

import dev.sutra.api.Nullable;
import java.time.Instant;

/**
 * Where one proxy stands for one resource type: the version last sent, the version it last
 * accepted, and the last version it rejected with its reason.
 */
public record TypeStatus(String type, String sent, String acked, @Nullable String nacked,
        @Nullable String nackReason, @Nullable Instant nackedAt, long responses) {

    /** In sync when the latest version sent is the one accepted. */
    public boolean synced() {
        return !sent.isEmpty() && sent.equals(acked);
    }
}
