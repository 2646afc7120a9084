package dev.sutra.proxy.xds;

import static dev.sutra.proxy.xds.TestResources.apiListener;
import static dev.sutra.proxy.xds.TestResources.defaultChainListener;
import static dev.sutra.proxy.xds.TestResources.edsCluster;
import static dev.sutra.proxy.xds.TestResources.endpoints;
import static dev.sutra.proxy.xds.TestResources.inlineListener;
import static dev.sutra.proxy.xds.TestResources.names;
import static dev.sutra.proxy.xds.TestResources.of;
import static dev.sutra.proxy.xds.TestResources.rdsListener;
import static dev.sutra.proxy.xds.TestResources.routes;
import static dev.sutra.proxy.xds.TestResources.staticCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.sutra.xds.TypeUrls;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state-of-the-world rules: what a response replaces, merges, ignores and deletes. */
class CandidatesTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final XdsSnapshot held = TestResources.snapshot(Map.of(
            TypeUrls.CLUSTER, of("c1", edsCluster("a", ""), edsCluster("b", "svc-b"), staticCluster("s")),
            TypeUrls.ENDPOINT, of("e1", endpoints("a"), endpoints("svc-b")),
            TypeUrls.LISTENER, of("l1", rdsListener("out", "r1"), inlineListener("in")),
            TypeUrls.ROUTE, of("r1", routes("r1"))));

    @Test
    void aClusterMissingFromACdsResponseIsRemovedWithItsEndpoints() throws Exception {
        XdsSnapshot next = Candidates.next(held, TypeUrls.CLUSTER, of("c2", edsCluster("a", "")), Set.of(), NOW);
        assertThat(names(next.of(TypeUrls.CLUSTER))).containsExactly("a");
        assertThat(next.of(TypeUrls.CLUSTER).version()).isEqualTo("c2");
        assertThat(names(next.of(TypeUrls.ENDPOINT))).containsExactly("a");
        assertThat(next.of(TypeUrls.ENDPOINT).version()).isEqualTo("e1");
        assertThat(next.receivedAt()).isEqualTo(NOW);
        assertThat(next.of(TypeUrls.LISTENER)).isEqualTo(held.of(TypeUrls.LISTENER));
    }

    @Test
    void anEmptyCdsResponseRemovesEveryCluster() throws Exception {
        XdsSnapshot next = Candidates.next(held, TypeUrls.CLUSTER, of("c2"), Set.of(), NOW);
        assertThat(next.of(TypeUrls.CLUSTER).resources()).isEmpty();
        assertThat(next.of(TypeUrls.ENDPOINT).resources()).isEmpty();
    }

    @Test
    void aListenerMissingFromAnLdsResponseTakesItsRoutesAlong() throws Exception {
        XdsSnapshot next = Candidates.next(held, TypeUrls.LISTENER, of("l2", inlineListener("in")), Set.of(), NOW);
        assertThat(names(next.of(TypeUrls.LISTENER))).containsExactly("in");
        assertThat(next.of(TypeUrls.ROUTE).resources()).isEmpty();
    }

    @Test
    void anEdsResponseMergesIntoWhatIsHeldAndIgnoresWhatWasNotSubscribed() throws Exception {
        XdsSnapshot next = Candidates.next(held, TypeUrls.ENDPOINT, of("e2", endpoints("a"), endpoints("stranger")),
                Set.of("a", "svc-b"), NOW);
        assertThat(names(next.of(TypeUrls.ENDPOINT))).containsExactly("a", "svc-b");
        assertThat(next.of(TypeUrls.ENDPOINT).version()).isEqualTo("e2");
    }

    @Test
    void anEmptyRdsResponseChangesOnlyTheVersion() throws Exception {
        XdsSnapshot next = Candidates.next(held, TypeUrls.ROUTE, of("r2"), Set.of("r1"), NOW);
        assertThat(next.of(TypeUrls.ROUTE).resources()).isEqualTo(held.of(TypeUrls.ROUTE).resources());
        assertThat(next.of(TypeUrls.ROUTE).version()).isEqualTo("r2");
        assertThat(Candidates.sameResources(held, next)).isTrue();
    }

    @Test
    void endpointNamesAreServiceNamesOfEdsClustersElseTheirOwn() throws Exception {
        assertThat(References.endpointNames(held.of(TypeUrls.CLUSTER))).containsExactly("a", "svc-b");
    }

    @Test
    void routeNamesComeFromFilterChainsTheDefaultChainAndApiListeners() throws Exception {
        TypeResources listeners = of("l", rdsListener("out", "r1"), defaultChainListener("mixed", "r2"),
                apiListener("reviews:9080", "r3"), inlineListener("in"));
        assertThat(References.routeNames(listeners)).containsExactly("r1", "r2", "r3");
    }

    @Test
    void aConnectionManagerThatDoesNotParseIsRejectedWithItsPath() {
        Listener broken = Listener.newBuilder().setName("out")
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager")
                        .setTypedConfig(Any.newBuilder()
                                .setTypeUrl("type.googleapis.com/envoy.extensions.filters.network"
                                        + ".http_connection_manager.v3.HttpConnectionManager")
                                .setValue(ByteString.copyFromUtf8("\u00ff")))))
                .build();
        assertThatThrownBy(() -> Candidates.next(held, TypeUrls.LISTENER, of("l2", broken), Set.of(), NOW))
                .hasMessageStartingWith("Listener \"out\": filter_chains[0].filters[0].typed_config: does not parse");
    }
}
