package dev.sutra.controlplane.api;

import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ConfigKind;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.ResourceKey;
import dev.sutra.controlplane.store.ApplyResult;
import dev.sutra.controlplane.store.ConfigStore;
import dev.sutra.controlplane.store.SourceText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/config}: list, get, apply and delete Istio resources.
 * <ul>
 *   <li>{@code GET /api/v1/config?kind=&namespace=} lists resources;</li>
 *   <li>{@code GET /api/v1/config/<kind>/<namespace>/<name>} returns one, 404 when missing;</li>
 *   <li>{@code POST /api/v1/config} applies a YAML or JSON stream, or several files as
 *       {@code {"files": [{"name", "text"}]}}, all or nothing;</li>
 *   <li>{@code DELETE /api/v1/config/<kind>/<namespace>/<name>} deletes one.</li>
 * </ul>
 */
final class ConfigEndpoint {

    static final String PATH = "/api/v1/config";
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final ConfigStore store;

    ConfigEndpoint(ConfigStore store) {
        this.store = store;
    }

    void handle(Exchange ex) throws IOException {
        String[] path = ex.pathBelow(PATH);
        switch (ex.method()) {
            case "GET" -> {
                if (path.length == 0) {
                    list(ex);
                } else {
                    get(ex, path);
                }
            }
            case "POST", "PUT" -> apply(ex);
            case "DELETE" -> delete(ex, path);
            default -> ex.error(405, "method " + ex.method() + " not allowed on " + PATH);
        }
    }

    private void list(Exchange ex) throws IOException {
        Map<String, String> query = ex.query();
        Optional<ConfigKind> kind = Optional.empty();
        if (query.containsKey("kind")) {
            kind = ConfigKind.byName(query.get("kind"));
            if (kind.isEmpty()) {
                ex.error(400, "unknown kind \"" + query.get("kind") + "\"");
                return;
            }
        }
        String namespace = query.get("namespace");
        List<Object> items = new ArrayList<>();
        for (ConfigResource<?> r : store.current().all()) {
            if (kind.isPresent() && r.kind() != kind.get()) {
                continue;
            }
            if (namespace != null && !namespace.isEmpty() && !r.namespace().equals(namespace)) {
                continue;
            }
            items.add(r.object());
        }
        ex.json(200, Map.of("items", items));
    }

    private void get(Exchange ex, String[] path) throws IOException {
        Optional<ResourceKey> key = key(ex, path);
        if (key.isEmpty()) {
            return;
        }
        Optional<ConfigResource<?>> found = store.current().get(key.get());
        if (found.isEmpty()) {
            ex.error(404, key.get() + " not found");
            return;
        }
        ex.json(200, found.get().object());
    }

    private void apply(Exchange ex) throws IOException {
        String source = Optional.ofNullable(ex.header("X-Sutra-Source")).orElse("request");
        String body;
        try {
            body = ex.body(MAX_BODY);
        } catch (Exchange.BodyTooLarge e) {
            ex.error(413, e.getMessage());
            return;
        }
        ApplyResult result;
        if (String.valueOf(ex.header("Content-Type")).startsWith("application/json") && body.contains("\"files\"")) {
            result = store.apply(files(body));
        } else {
            result = store.apply(source, body);
        }
        switch (result) {
            case ApplyResult.Applied applied -> {
                List<Map<String, Object>> changes = new ArrayList<>();
                for (ApplyResult.Change c : applied.changes()) {
                    Map<String, Object> change = new LinkedHashMap<>();
                    change.put("kind", c.key().kind().kind());
                    change.put("namespace", c.key().namespace());
                    change.put("name", c.key().name());
                    change.put("action", c.action().word());
                    changes.add(change);
                }
                ex.json(200, Map.of("revision", applied.revision(), "changes", changes));
            }
            case ApplyResult.Rejected rejected -> ex.json(400, Map.of("errors",
                    rejected.errors().stream().map(ConfigError::toString).toList()));
        }
    }

    /** Several files in one all-or-nothing apply: {@code {"files": [{"name": ..., "text": ...}]}}. */
    private static List<SourceText> files(String body) throws IOException {
        List<SourceText> out = new ArrayList<>();
        for (var file : Exchange.JSON.readTree(body).path("files")) {
            out.add(new SourceText(file.path("name").asText("request"), file.path("text").asText("")));
        }
        return out;
    }

    private void delete(Exchange ex, String[] path) throws IOException {
        Optional<ResourceKey> key = key(ex, path);
        if (key.isEmpty()) {
            return;
        }
        if (store.delete(key.get())) {
            ex.json(200, Map.of("deleted", key.get().toString()));
        } else {
            ex.error(404, key.get() + " not found");
        }
    }

    private static Optional<ResourceKey> key(Exchange ex, String[] path) throws IOException {
        if (path.length != 3) {
            ex.error(400, "expected " + PATH + "/<kind>/<namespace>/<name>");
            return Optional.empty();
        }
        Optional<ConfigKind> kind = ConfigKind.byName(path[0]);
        if (kind.isEmpty()) {
            ex.error(400, "unknown kind \"" + path[0] + "\"");
            return Optional.empty();
        }
        return Optional.of(new ResourceKey(kind.get(), path[1], path[2]));
    }
}
