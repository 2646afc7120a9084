package dev.sutra.proxy.http;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body chunks a request holds: while no upstream is ready yet, and (up to a limit)
 * after, so a retry can send the body again. Owns one reference to each chunk.
 */
final class RequestBody {

    private final List<HttpContent> chunks = new ArrayList<>();
    private long bytes;
    private boolean complete;
    /** Once chunks had to be dropped, the body can no longer be replayed. */
    private boolean truncated;

    void add(HttpContent chunk) {
        chunks.add(chunk);
        bytes += chunk.content().readableBytes();
        if (chunk instanceof LastHttpContent) {
            complete = true;
        }
    }

    long bytes() {
        return bytes;
    }

    boolean isComplete() {
        return complete;
    }

    /** Whether everything received so far is still held (so an attempt can be replayed). */
    boolean replayable() {
        return !truncated;
    }

    /** Copies of every chunk (retained duplicates), for writing to an attempt while keeping these. */
    List<HttpContent> copies() {
        List<HttpContent> out = new ArrayList<>(chunks.size());
        for (HttpContent c : chunks) {
            out.add(c.retainedDuplicate());
        }
        return out;
    }

    /** Releases what is held; the body cannot be replayed afterwards unless nothing was received. */
    void discard() {
        if (!chunks.isEmpty()) {
            truncated = true;
        }
        for (HttpContent c : chunks) {
            c.release();
        }
        chunks.clear();
    }
}
