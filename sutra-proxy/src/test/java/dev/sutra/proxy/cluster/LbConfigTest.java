package dev.sutra.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UInt32Value;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.CommonLbConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.LeastRequestLbConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.SlowStartConfig;
import io.envoyproxy.envoy.config.core.v3.RuntimeDouble;
import io.envoyproxy.envoy.type.v3.Percent;
import org.junit.jupiter.api.Test;

class LbConfigTest {

    private static Cluster.Builder cluster() {
        return Cluster.newBuilder().setName("outbound|9080||reviews");
    }

    @Test
    void defaultsToEnvoysValues() throws InvalidConfigException {
        LbConfig c = LbConfig.compile(cluster().build());
        assertThat(c).isEqualTo(LbConfig.defaults(LbConfig.Policy.ROUND_ROBIN));
        assertThat(c.choiceCount()).isEqualTo(2);
        assertThat(c.activeRequestBias()).isEqualTo(1.0);
        assertThat(c.healthyPanicThreshold()).isEqualTo(50);
        assertThat(c.localityWeighted()).isFalse();
    }

    @Test
    void readsLeastRequestAndCommonSettings() throws InvalidConfigException {
        LbConfig c = LbConfig.compile(cluster().setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST)
                .setLeastRequestLbConfig(LeastRequestLbConfig.newBuilder()
                        .setChoiceCount(UInt32Value.of(3))
                        .setActiveRequestBias(RuntimeDouble.newBuilder().setDefaultValue(0.5)))
                .setCommonLbConfig(CommonLbConfig.newBuilder()
                        .setHealthyPanicThreshold(Percent.newBuilder().setValue(0))
                        .setLocalityWeightedLbConfig(
                                CommonLbConfig.LocalityWeightedLbConfig.getDefaultInstance()))
                .build());
        assertThat(c).isEqualTo(new LbConfig(LbConfig.Policy.LEAST_REQUEST, 3, 0.5, true, 0, true,
                false));
    }

    @Test
    void readsFailTrafficOnPanic() throws InvalidConfigException {
        LbConfig c = LbConfig.compile(cluster().setLbPolicy(Cluster.LbPolicy.RANDOM)
                .setCommonLbConfig(CommonLbConfig.newBuilder().setZoneAwareLbConfig(
                        CommonLbConfig.ZoneAwareLbConfig.newBuilder().setFailTrafficOnPanic(true)))
                .build());
        assertThat(c.policy()).isEqualTo(LbConfig.Policy.RANDOM);
        assertThat(c.failTrafficOnPanic()).isTrue();
    }

    @Test
    void rejectsUnsupportedPolicies() {
        assertThatThrownBy(() -> LbConfig.compile(cluster().setLbPolicy(Cluster.LbPolicy.RING_HASH)
                .build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Cluster \"outbound|9080||reviews\": lb_policy: unsupported load"
                        + " balancing policy RING_HASH");
        assertThatThrownBy(() -> LbConfig.compile(cluster().setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST)
                .setLeastRequestLbConfig(LeastRequestLbConfig.newBuilder().setSlowStartConfig(
                        SlowStartConfig.getDefaultInstance())).build()))
                .hasMessage("Cluster \"outbound|9080||reviews\": least_request_lb_config"
                        + ".slow_start_config: slow start is not supported");
        assertThatThrownBy(() -> LbConfig.compile(cluster().setLeastRequestLbConfig(
                LeastRequestLbConfig.newBuilder().setChoiceCount(UInt32Value.of(1))).build()))
                .hasMessage("Cluster \"outbound|9080||reviews\": least_request_lb_config"
                        + ".choice_count: must be at least 2");
    }
}
