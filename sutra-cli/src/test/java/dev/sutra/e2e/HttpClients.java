package dev.sutra.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** HTTP clients as applications use them against their sidecar. */
final class HttpClients {

    private HttpClients() {
    }

    /** The JDK client with the sidecar as its HTTP proxy (absolute-form requests), HTTP/1.1. */
    static HttpClient viaProxy(int outboundPort) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", outboundPort)))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The backend's echo body as a map: {@code served-by}, {@code method}, {@code header:x} ... */
    static Map<String, String> echo(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** A raw HTTP/1.1 exchange on a fresh socket: what was sent and everything read until close or timeout. */
    static String raw(int port, String request, Duration timeout) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            StringBuilder read = new StringBuilder();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            char[] buf = new char[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    read.append(buf, 0, n);
                }
                read.append("\n<closed>");
            } catch (java.net.SocketTimeoutException e) {
                read.append("\n<open>");
            }
            return read.toString();
        }
    }
}
