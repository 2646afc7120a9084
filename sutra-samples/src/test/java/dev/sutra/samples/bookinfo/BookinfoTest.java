package dev.sutra.samples.bookinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BookinfoTest {

    private final Bookinfo bookinfo = Bookinfo.create();

    @Test
    void hasOneInstancePerServiceVersion() {
        assertThat(bookinfo.instances()).extracting(AppInstance::name)
                .containsExactly("productpage-v1", "details-v1", "reviews-v1", "reviews-v2", "reviews-v3", "ratings-v1");
        assertThat(bookinfo.instances()).allSatisfy(i -> assertThat(i.appPort()).isZero());
    }

    @Test
    void reviewsV1IsTheOnlyReviewsThatDoesNotCallRatings() {
        assertThat(bookinfo.upstreams(new AppInstance("productpage", "v1", 0))).containsExactly("details", "reviews");
        assertThat(bookinfo.upstreams(new AppInstance("reviews", "v1", 0))).isEmpty();
        assertThat(bookinfo.upstreams(new AppInstance("reviews", "v2", 0))).containsExactly("ratings");
        assertThat(bookinfo.upstreams(new AppInstance("reviews", "v3", 0))).containsExactly("ratings");
        assertThat(bookinfo.upstreams(new AppInstance("ratings", "v1", 0))).isEmpty();
    }

    @Test
    void namesHostsInTheNamespaceAndDomain() {
        assertThat(bookinfo.host("reviews")).isEqualTo("reviews.default.svc.cluster.local");
        assertThat(bookinfo.productPageUri())
                .isEqualTo(URI.create("http://productpage.default.svc.cluster.local:9080/productpage"));
        assertThat(Bookinfo.create("shop", "example.org").uri("ratings", "/ratings/0"))
                .isEqualTo(URI.create("http://ratings.shop.svc.example.org:9080/ratings/0"));
    }

    @Test
    void instancesCarryWhatTheirSidecarAnnounces() {
        AppInstance reviews = new AppInstance("reviews", "v2", 9082);

        assertThat(reviews.labels()).isEqualTo(Map.of("app", "reviews", "version", "v2"));
        assertThat(reviews.serviceAccount()).isEqualTo("reviews");
        assertThat(reviews.servicePort()).isEqualTo(Bookinfo.SERVICE_PORT);
        assertThat(Bookinfo.PORT_NAME).isEqualTo("http");
    }

    @Test
    void rejectsUnknownServicesAndVersions() {
        assertThatThrownBy(() -> bookinfo.service("catalog")).hasMessageStartingWith("service: catalog (expected:");
        assertThatThrownBy(() -> BookinfoApp.builder("reviews", "v4"))
                .hasMessage("version: v4 (expected: one of [v1, v2, v3] for reviews)");
        assertThatThrownBy(() -> new AppInstance("details", "v1", 70000)).hasMessageStartingWith("appPort: 70000");
    }

    @Test
    void appsThatCallOthersNeedAnOutboundProxy() {
        assertThatThrownBy(() -> BookinfoApp.builder("productpage", "v1").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("productpage-v1 calls details, reviews");
    }
}
