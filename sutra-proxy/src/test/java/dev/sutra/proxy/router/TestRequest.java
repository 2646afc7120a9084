package dev.sutra.proxy.router;

import dev.sutra.proxy.config.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link RequestView} for tests: headers may repeat and are joined with "," on lookup. */
final class TestRequest implements RequestView {
    private @Nullable String authority = "example.com";
    private String path = "/";
    private String method = "GET";
    private String scheme = "http";
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    static TestRequest get(@Nullable String authority, String path) {
        TestRequest r = new TestRequest();
        r.authority = authority;
        r.path = path;
        return r;
    }

    static TestRequest path(String path) {
        return get("example.com", path);
    }

    TestRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                .add(value);
        return this;
    }

    TestRequest method(String m) {
        this.method = m;
        return this;
    }

    TestRequest scheme(String s) {
        this.scheme = s;
        return this;
    }

    @Override
    public @Nullable String authority() {
        return authority;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public @Nullable String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null ? null : String.join(",", values);
    }

    @Override
    public String toString() {
        return method + " " + scheme + "://" + authority + path + " " + headers;
    }
}
