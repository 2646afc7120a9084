package dev.sutra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The operators' tools' connection to the control plane's HTTP API. A picocli mixin, so every
 * command takes {@code --server} and {@code --token-file} the same way.
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--server", defaultValue = "${env:SUTRA_SERVER:-http://127.0.0.1:15014}",
            description = "Control plane API (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--token-file", defaultValue = "${env:SUTRA_TOKEN_FILE}",
            description = "File holding the admin token, needed to change config on a remote control plane.")
    Path tokenFile;

    private HttpClient client;

    /** A response: status and parsed JSON body. */
    record Reply(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        String error() {
            return body.path("error").asText("HTTP " + status);
        }
    }

    Reply get(String path) throws IOException {
        return send(request(path).GET());
    }

    Reply post(String path, String body, String source) throws IOException {
        return send(request(path).header("Content-Type", "application/yaml")
                .header("X-Sutra-Source", source)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply postJson(String path, String json) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) throws IOException {
        return send(request(path).DELETE());
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30));
        if (tokenFile != null) {
            b.header("Authorization", "Bearer " + Files.readString(tokenFile).strip());
        }
        return b;
    }

    private Reply send(HttpRequest.Builder request) throws IOException {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body);
        } catch (ConnectException e) {
            throw new IOException("cannot reach the control plane at " + server
                    + " (is 'sutra controlplane' running? set --server or SUTRA_SERVER)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
