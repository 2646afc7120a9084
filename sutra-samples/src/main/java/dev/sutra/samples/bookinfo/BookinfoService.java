package dev.sutra.samples.bookinfo;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One service of the application.
 *
 * @param name the service name, also its {@code app} label and host name's first label
 * @param versions the versions deployed, each one instance with a {@code version} label
 * @param calls the services its instances may call (not every version need call them all)
 */
public record BookinfoService(String name, List<String> versions, List<String> calls) {

    public BookinfoService {
        requireNonNull(name, "name");
        versions = List.copyOf(versions);
        calls = List.copyOf(calls);
    }
}
