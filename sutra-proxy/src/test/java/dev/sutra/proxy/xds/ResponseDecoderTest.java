package dev.sutra.proxy.xds;

import static dev.sutra.proxy.xds.TestResources.edsCluster;
import static dev.sutra.proxy.xds.TestResources.endpoints;
import static dev.sutra.proxy.xds.TestResources.pack;
import static dev.sutra.proxy.xds.TestResources.staticCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.sutra.proxy.config.InvalidConfigException;
import dev.sutra.xds.TypeUrls;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseDecoderTest {

    private static DiscoveryResponse response(String type, Any... resources) {
        return DiscoveryResponse.newBuilder().setTypeUrl(type).setVersionInfo("v1").setNonce("n1")
                .addAllResources(List.of(resources)).build();
    }

    @Test
    void keysResourcesByName() throws Exception {
        TypeResources decoded = ResponseDecoder.decode(response(TypeUrls.CLUSTER,
                pack(staticCluster("b"), edsCluster("a", ""))));
        assertThat(decoded.version()).isEqualTo("v1");
        assertThat(decoded.resources()).containsOnlyKeys("a", "b");
        assertThat(ResponseDecoder.decode(response(TypeUrls.ENDPOINT, pack(endpoints("x")))).resources())
                .containsOnlyKeys("x");
    }

    @Test
    void rejectsTheSameNameTwiceInOneResponse() {
        assertThatThrownBy(() -> ResponseDecoder.decode(response(TypeUrls.CLUSTER,
                pack(staticCluster("a"), edsCluster("a", "")))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Cluster \"a\": appears twice in one response");
    }

    @Test
    void rejectsAResourceOfAnotherType() {
        assertThatThrownBy(() -> ResponseDecoder.decode(response(TypeUrls.CLUSTER,
                pack(staticCluster("a"), endpoints("a")))))
                .hasMessage("Cluster \"\": resources[1]: holds " + TypeUrls.ENDPOINT + " in a response of "
                        + TypeUrls.CLUSTER);
    }

    @Test
    void rejectsAResourceThatDoesNotParseOrHasNoName() {
        Any garbage = Any.newBuilder().setTypeUrl(TypeUrls.LISTENER).setValue(ByteString.copyFromUtf8("\u00ff\u00ff"))
                .build();
        assertThatThrownBy(() -> ResponseDecoder.decode(response(TypeUrls.LISTENER, garbage)))
                .hasMessageStartingWith("Listener \"\": resources[0]: does not parse: ");
        assertThatThrownBy(() -> ResponseDecoder.decode(response(TypeUrls.CLUSTER, pack(staticCluster("")))))
                .hasMessage("Cluster \"\": resources[0]: has no name");
    }

    @Test
    void acceptsAnEmptyResponse() throws Exception {
        assertThat(ResponseDecoder.decode(response(TypeUrls.LISTENER)).resources()).isEmpty();
    }
}
