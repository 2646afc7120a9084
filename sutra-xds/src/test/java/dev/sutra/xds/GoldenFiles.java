package dev.sutra.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Golden files for translator output: resources printed as Envoy JSON, shown as YAML. Run the tests
 * with {@code -Dsutra.golden.update=true} to rewrite the files after an intended change, then
 * review the diff in git.
 */
final class GoldenFiles {

    static final Path ROOT = Path.of("src/test/resources/testdata");
    private static final boolean UPDATE = Boolean.getBoolean("sutra.golden.update");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private GoldenFiles() {
    }

    static String yaml(Map<String, ? extends Message> resources) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, ? extends Message> e : resources.entrySet()) {
            JsonNode node = JSON.readTree(XdsJson.print(e.getValue()));
            out.append("# ").append(e.getKey()).append('\n');
            out.append(YAML.writeValueAsString(node)).append("---\n");
        }
        return out.toString();
    }

    static void assertMatches(Path golden, String actual) throws IOException {
        if (UPDATE || !Files.exists(golden)) {
            Files.writeString(golden, actual);
            if (!UPDATE) {
                throw new AssertionError("wrote missing golden file " + golden + "; review it and run again");
            }
            return;
        }
        assertThat(actual).as("%s (rerun with -Dsutra.golden.update=true to accept)", golden)
                .isEqualTo(Files.readString(golden));
    }
}
