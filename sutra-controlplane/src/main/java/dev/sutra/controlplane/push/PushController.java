package dev.sutra.controlplane.push;

import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.mesh.ConfigServices;
import dev.sutra.api.mesh.MeshSettings;
import dev.sutra.api.mesh.ServiceCatalog;
import dev.sutra.controlplane.registry.ProxyRegistry;
import dev.sutra.controlplane.store.ConfigStore;
import dev.sutra.controlplane.xds.XdsCache;
import dev.sutra.xds.MeshIndex;
import dev.sutra.xds.MeshState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns changes (config, proxies coming and going, a new trust bundle) into pushes. Bursts are
 * debounced: a push happens once changes have been quiet for the debounce period, or at the latest
 * after ten periods of continuous change, so a script applying fifty files causes a few pushes, not
 * fifty. A root rotation step pushes at once ({@link #pushNow()}) and waits for it.
 */
public final class PushController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushController.class);

    private final ConfigStore store;
    private final ProxyRegistry registry;
    private final MeshSettings settings;
    private final XdsCache cache;
    private final Supplier<String> trustBundle;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sutra-push");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> scheduled;
    private long firstChangeNanos;
    private long lastChangeNanos;
    private long pushes;
    private volatile String pushedBundle = "";

    /**
     * @param trustBundle the mesh's trust bundle in PEM, signing root first, read at every push;
     *     empty for a mesh without identities
     */
    public PushController(ConfigStore store, ProxyRegistry registry, MeshSettings settings, XdsCache cache,
            Duration debounce, Supplier<String> trustBundle) {
        this.store = store;
        this.registry = registry;
        this.settings = settings;
        this.cache = cache;
        this.trustBundle = trustBundle;
        this.quietNanos = debounce.toNanos();
        this.maxDelayNanos = debounce.toNanos() * 10;
        store.addListener(c -> changed());
        registry.addListener(this::changed);
    }

    /** Builds the first state at once, before any proxy connects. */
    public void start() {
        executor.execute(this::push);
    }

    /** Notes a change; a push follows after the debounce. */
    public synchronized void changed() {
        long now = System.nanoTime();
        if (scheduled == null) {
            firstChangeNanos = now;
        }
        lastChangeNanos = now;
        if (scheduled == null) {
            scheduled = executor.schedule(this::maybePush, quietNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Pushes without waiting for the debounce; the future completes once every proxy's resources
     * have been recomputed and waiting requests answered.
     */
    public CompletableFuture<Void> pushNow() {
        return CompletableFuture.runAsync(this::push, executor);
    }

    /** The trust bundle the last push carried. */
    public String pushedBundle() {
        return pushedBundle;
    }

    private void maybePush() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long quietFor = now - lastChangeNanos;
            if (quietFor < quietNanos && now - firstChangeNanos < maxDelayNanos) {
                wait = quietNanos - quietFor;
                scheduled = executor.schedule(this::maybePush, wait, TimeUnit.NANOSECONDS);
                return;
            }
            scheduled = null;
        }
        push();
    }

    private void push() {
        long start = System.nanoTime();
        ConfigSnapshot config = store.current();
        ServiceCatalog catalog = ConfigServices.catalog(config)
                .plus(registry.services(settings), registry.workloads());
        String bundle = trustBundle.get();
        MeshIndex index = new MeshIndex(new MeshState(config, catalog, settings, bundle));
        int updated = cache.update(index);
        pushedBundle = bundle;
        pushes++;
        log.info("push {}: config revision {}, {} services, {} proxies updated in {} ms", pushes, config.revision(),
                catalog.services().size(), updated, (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
