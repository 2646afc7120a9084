package dev.sutra.samples.view;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one frame of the live view shows. Immutable.
 *
 * @param title the first line, such as {@code sutra demo: bookinfo}
 * @param time when the snapshot was taken, shown on the title line
 * @param window the span the numbers cover
 * @param services the service table's rows, in display order
 * @param reviewsSplit the reviews versions and their shares, in display order
 * @param upstreamErrors failed upstream calls by service, reported in pages; shown only when any
 * @param help a line telling the operator what to try, such as {@code ./sutra apply -f ...}
 * @param status free-form lines the caller fills (proxies, edges, mTLS identities)
 */
public record DemoSnapshot(String title, LocalTime time, Duration window, List<ServiceRow> services,
        List<VersionShare> reviewsSplit, Map<String, Long> upstreamErrors, String help, List<String> status) {

    public DemoSnapshot {
        requireNonNull(title, "title");
        requireNonNull(time, "time");
        requireNonNull(window, "window");
        services = List.copyOf(services);
        reviewsSplit = List.copyOf(reviewsSplit);
        upstreamErrors = Collections.unmodifiableMap(new TreeMap<>(upstreamErrors));
        requireNonNull(help, "help");
        status = List.copyOf(status);
    }
}
