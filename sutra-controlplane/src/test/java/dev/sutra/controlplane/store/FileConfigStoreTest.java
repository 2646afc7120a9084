package dev.sutra.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sutra.api.config.ConfigKind;
import dev.sutra.api.config.ConfigSnapshot;
import dev.sutra.api.config.ResourceKey;
import dev.sutra.api.validate.ConfigValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigStoreTest {

    private static final String REVIEWS_DR = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              subsets:
              - {name: v1, labels: {version: v1}}
            """;
    private static final String RATINGS_VS = """
            # ratings goes to v1 only
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: ratings}
            spec:
              hosts: [ratings]
              http:
              - route:
                - destination: {host: ratings}
            """;

    @TempDir
    Path dir;

    private FileConfigStore store;
    private final List<ConfigSnapshot> published = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        Files.writeString(dir.resolve("mesh.yaml"), REVIEWS_DR + "---\n" + RATINGS_VS);
        store = FileConfigStore.open(dir, new ConfigValidator()::validate);
        store.addListener(published::add);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void loadsEveryDocumentOfTheDirectory() {
        assertThat(store.current().all()).extracting(r -> r.key().toString())
                .containsExactly("VirtualService default/ratings", "DestinationRule default/reviews");
        assertThat(store.current().revision()).isEqualTo(1);
    }

    @Test
    void reloadsAnEditedFile() throws IOException {
        Files.writeString(dir.resolve("mesh.yaml"), REVIEWS_DR);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.current().size() == 1);
        assertThat(published).last().satisfies(s -> assertThat(s.revision()).isEqualTo(2));
    }

    @Test
    void aBadEditIsReportedAndTheLastGoodConfigStays() throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: details}
                spec:
                  hosts: [details]
                  http:
                  - route:
                    - destination: {host: details}
                      wieght: 100
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.status().rejected().isEmpty());
        assertThat(store.status().rejected()).singleElement().hasToString(
                dir.resolve("broken.yaml") + ":9:7: VirtualService default/details: spec.http[0].route[0].wieght: "
                        + "unknown field \"wieght\" (did you mean \"weight\"?)");
        assertThat(store.current().revision()).isEqualTo(1);
        assertThat(store.current().size()).isEqualTo(2);

        Files.delete(dir.resolve("broken.yaml"));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.status().rejected().isEmpty());
        assertThat(store.current().revision()).isEqualTo(1);
    }

    @Test
    void applyReplacesOneDocumentInPlaceAndKeepsTheOthersAsWritten() throws IOException {
        String changed = RATINGS_VS.replace("# ratings goes to v1 only\n", "")
                .replace("[ratings]", "[ratings, ratings.default.svc.cluster.local]");
        ApplyResult result = store.apply("ratings.yaml", changed);

        assertThat(result).isInstanceOf(ApplyResult.Applied.class);
        assertThat(((ApplyResult.Applied) result).changes()).singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo(ApplyResult.Action.CONFIGURED));
        String file = Files.readString(dir.resolve("mesh.yaml"));
        assertThat(file).isEqualTo(REVIEWS_DR + "---\n" + changed);
        assertThat(store.current().revision()).isEqualTo(2);
    }

    @Test
    void applyOfANewResourceWritesItsOwnFileThatARestartReads() throws IOException {
        String details = RATINGS_VS.replace("ratings", "details");
        assertThat(store.apply("details.yaml", details)).isInstanceOf(ApplyResult.Applied.class);
        assertThat(dir.resolve("virtualservice-default-details.yaml")).hasContent(details);

        store.close();
        store = FileConfigStore.open(dir, new ConfigValidator()::validate);
        assertThat(store.current().get(new ResourceKey(ConfigKind.VIRTUAL_SERVICE, "default", "details"))).isPresent();
    }

    @Test
    void aBatchWithOneErrorAppliesNothing() throws IOException {
        String good = RATINGS_VS.replace("ratings", "details");
        String bad = RATINGS_VS.replace("ratings", "productpage").replace("- destination: {host: productpage}",
                "- destination: {host: productpage}\n      weight: -50");
        ApplyResult result = store.apply(List.of(new SourceText("good.yaml", good), new SourceText("bad.yaml", bad)));

        assertThat(result).isInstanceOf(ApplyResult.Rejected.class);
        assertThat(((ApplyResult.Rejected) result).errors()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.position().file()).isEqualTo("bad.yaml"));
        assertThat(store.current().size()).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void deleteRemovesTheDocumentAndLeavesTheRest() throws IOException {
        assertThat(store.delete(new ResourceKey(ConfigKind.VIRTUAL_SERVICE, "default", "ratings"))).isTrue();
        assertThat(Files.readString(dir.resolve("mesh.yaml"))).isEqualTo(REVIEWS_DR);
        assertThat(store.delete(new ResourceKey(ConfigKind.VIRTUAL_SERVICE, "default", "ratings"))).isFalse();
    }
}
