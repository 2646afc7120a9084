package dev.sutra.e2e;

import static org.awaitility.Awaitility.await;

import dev.sutra.testkit.ProxyFixture;
import java.net.http.HttpClient;
import java.time.Duration;

/** Waiting for config to reach the data plane, the way a user would notice: requests start working. */
final class EndToEnd {

    private EndToEnd() {
    }

    /** Waits until a GET of {@code url} through {@code sidecar} answers 200. */
    static void awaitRoute(ProxyFixture sidecar, String url) {
        HttpClient client = HttpClients.viaProxy(sidecar.outboundPort());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> HttpClients.get(client, url).statusCode() == 200);
    }

    /** Waits until GETs of {@code url} are answered by {@code backend}. */
    static void awaitServedBy(ProxyFixture sidecar, String url, String backend) {
        HttpClient client = HttpClients.viaProxy(sidecar.outboundPort());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> HttpClients.echo(HttpClients.get(client, url).body()).get("served-by").equals(backend));
    }
}
