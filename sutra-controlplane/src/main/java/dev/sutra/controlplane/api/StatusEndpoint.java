package dev.sutra.controlplane.api;

import dev.sutra.api.config.ConfigError;
import dev.sutra.controlplane.store.ConfigStore;
import dev.sutra.controlplane.store.StoreStatus;
import dev.sutra.controlplane.xds.ProxyStatus;
import dev.sutra.controlplane.xds.TypeStatus;
import dev.sutra.controlplane.xds.XdsCache;
import dev.sutra.xds.XdsJson;
import dev.sutra.xds.XdsResources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/status}: the config in force and any refused change, and every proxy's sync state
 * per resource type, NACK reasons included. {@code /api/v1/proxies/<id>/config} dumps what one
 * proxy was given.
 */
final class StatusEndpoint {

    static final String STATUS = "/api/v1/status";
    static final String PROXIES = "/api/v1/proxies";

    private final ConfigStore store;
    private final XdsCache cache;

    StatusEndpoint(ConfigStore store, XdsCache cache) {
        this.store = store;
        this.cache = cache;
    }

    void status(Exchange ex) throws IOException {
        StoreStatus s = store.status();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("revision", s.revision());
        config.put("loadedAt", s.loadedAt());
        config.put("resources", s.resources());
        config.put("rejected", s.rejected().stream().map(ConfigError::toString).toList());
        if (!s.rejected().isEmpty()) {
            config.put("rejectedAt", s.rejectedAt());
        }
        List<Object> proxies = new ArrayList<>();
        for (ProxyStatus p : cache.statuses()) {
            proxies.add(proxy(p));
        }
        ex.json(200, Map.of("config", config, "proxies", proxies));
    }

    void proxy(Exchange ex) throws IOException {
        String[] path = ex.pathBelow(PROXIES);
        if (path.length != 2 || !path[1].equals("config")) {
            ex.error(400, "expected " + PROXIES + "/<node id>/config");
            return;
        }
        Optional<XdsResources> resources = cache.resources(path[0]);
        if (resources.isEmpty()) {
            ex.error(404, "no proxy \"" + path[0] + "\" is connected");
            return;
        }
        StringBuilder out = new StringBuilder("{\n\"configs\": [\n");
        boolean first = true;
        for (String type : dev.sutra.xds.TypeUrls.PUSH_ORDER) {
            for (var m : resources.get().ofType(type).values()) {
                out.append(first ? "" : ",\n").append(XdsJson.print(m));
                first = false;
            }
        }
        ex.text(200, "application/json", out.append("\n]\n}\n").toString());
    }

    private static Map<String, Object> proxy(ProxyStatus p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.node().id());
        out.put("namespace", p.node().namespace());
        out.put("service", p.node().service());
        out.put("generator", p.node().generator().name().toLowerCase(java.util.Locale.ROOT));
        out.put("connected", p.connected());
        out.put("connectedAt", p.connectedAt());
        List<Object> types = new ArrayList<>();
        for (TypeStatus t : p.types()) {
            Map<String, Object> type = new LinkedHashMap<>();
            type.put("type", t.type());
            type.put("sent", t.sent());
            type.put("acked", t.acked());
            type.put("synced", t.synced());
            if (t.nacked() != null) {
                type.put("nacked", t.nacked());
                type.put("nackReason", t.nackReason());
                type.put("nackedAt", t.nackedAt());
            }
            type.put("responses", t.responses());
            types.add(type);
        }
        out.put("types", types);
        return out;
    }
}
