package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;

/** A compiled virtual host: its routes in order, first match wins. */
final class VirtualHostEntry {
    final String name;
    private RouteEntry[] routes = new RouteEntry[0];

    VirtualHostEntry(String name) {
        this.name = name;
    }

    /** Set once while compiling, before the table is published. */
    void routes(RouteEntry[] compiled) {
        this.routes = compiled;
    }

    @Nullable
    Route route(RequestView request, String path, int pathEnd, long random) {
        for (RouteEntry r : routes) {
            if (r.matches(request, path, pathEnd, random)) {
                return r.route;
            }
        }
        return null;
    }
}
