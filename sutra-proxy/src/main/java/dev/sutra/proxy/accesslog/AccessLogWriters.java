package dev.sutra.proxy.accesslog;

import dev.sutra.proxy.config.Nullable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's access log files by path, each with its writer. Opened off the event loops when a
 * config names them; looked up by event loops; closed with the proxy or when no config names them.
 */
public final class AccessLogWriters implements AutoCloseable {

    private final ConcurrentHashMap<String, AccessLogWriter> writers = new ConcurrentHashMap<>();
    /** Lines dropped by writers since closed. */
    private long droppedByClosed;

    /** A file that cannot be opened, and why. */
    public static final class OpenFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final String path;

        OpenFailure(String path, IOException cause) {
            super(cause.toString(), cause);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    /**
     * Opens what {@code paths} names and is not open yet, and closes what is no longer named.
     *
     * @throws OpenFailure for the first path that cannot be opened; nothing changes then
     */
    public synchronized void retain(Set<String> paths) throws OpenFailure {
        ConcurrentHashMap<String, AccessLogWriter> opened = new ConcurrentHashMap<>();
        for (String path : paths) {
            if (!writers.containsKey(path)) {
                try {
                    opened.put(path, AccessLogWriter.open(path));
                } catch (IOException e) {
                    opened.values().forEach(AccessLogWriter::close);
                    throw new OpenFailure(path, e);
                }
            }
        }
        writers.putAll(opened);
        for (var it = writers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!paths.contains(e.getKey())) {
                it.remove();
                e.getValue().close();
                droppedByClosed += e.getValue().dropped();
            }
        }
    }

    /** The writer of {@code path}, or null when no config in force names it. */
    public @Nullable AccessLogWriter writer(String path) {
        return writers.get(path);
    }

    /** Lines dropped since start because a writer fell behind (Envoy counts them too). */
    public synchronized long dropped() {
        long total = droppedByClosed;
        for (AccessLogWriter w : writers.values()) {
            total += w.dropped();
        }
        return total;
    }

    @Override
    public synchronized void close() {
        writers.values().forEach(AccessLogWriter::close);
        writers.clear();
    }
}
