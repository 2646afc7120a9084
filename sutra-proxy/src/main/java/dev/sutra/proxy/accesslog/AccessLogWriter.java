package dev.sutra.proxy.accesslog;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access log file and the thread that writes it. Event loops hand lines over without waiting
 * (a lock-free queue; beyond {@value #MAX_PENDING} lines waiting, new ones are dropped and counted);
 * the writer formats and writes them and flushes every {@value #FLUSH_MILLIS} ms or so, as Envoy
 * flushes its access logs on a timer.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    static final int MAX_PENDING = 16_384;
    static final long FLUSH_MILLIS = 100;

    private record Line(AccessLogFormat format, AccessLogEntry entry) {
    }

    private final String path;
    private final OutputStream out;
    private final boolean standardStream;
    private final ConcurrentLinkedQueue<Line> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private boolean failed;

    private AccessLogWriter(String path, OutputStream out, boolean standardStream) {
        this.path = path;
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.standardStream = standardStream;
        this.thread = Thread.ofPlatform().daemon().name("sutra-access-log").unstarted(this::run);
        thread.start();
    }

    /**
     * Opens {@code path} for appending ({@code /dev/stdout} and {@code /dev/stderr} are the
     * process's own streams).
     *
     * @throws IOException when the file cannot be opened
     */
    public static AccessLogWriter open(String path) throws IOException {
        return switch (path) {
            case "/dev/stdout" -> new AccessLogWriter(path, new FileOutputStream(FileDescriptor.out), true);
            case "/dev/stderr" -> new AccessLogWriter(path, new FileOutputStream(FileDescriptor.err), true);
            default -> new AccessLogWriter(path, Files.newOutputStream(Path.of(path), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), false);
        };
    }

    /** Queues a line; never blocks. */
    public void submit(AccessLogFormat format, AccessLogEntry entry) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(new Line(format, entry));
    }

    /** Lines dropped because the writer fell behind. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (true) {
            boolean stopping = closed;
            if (drain()) {
                try {
                    out.flush();
                } catch (IOException e) {
                    failure(e);
                }
            }
            if (stopping) {
                return;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
        }
    }

    private boolean drain() {
        boolean wrote = false;
        for (Line line; (line = queue.poll()) != null; ) {
            pending.decrementAndGet();
            try {
                out.write(line.format().format(line.entry()).getBytes(StandardCharsets.UTF_8));
                wrote = true;
            } catch (IOException | RuntimeException e) {
                failure(e);
            }
        }
        return wrote;
    }

    private void failure(Exception e) {
        if (!failed) {
            failed = true;
            log.warn("access log {}: cannot write ({}); lines are lost until it works again", path, e.toString());
        }
    }

    /** Writes what is queued and stops; closes the file (not the process's own streams). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (standardStream) {
                out.flush();
            } else {
                out.close();
            }
        } catch (IOException e) {
            failure(e);
        }
    }
}
