package dev.sutra.samples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void writesObjectsInInsertionOrder() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", "reviews");
        body.put("version", "v2");
        body.put("stars", 5);
        body.put("ok", true);
        body.put("none", null);
        body.put("list", List.of(1, "a"));

        assertThat(Json.write(body))
                .isEqualTo("{\"service\":\"reviews\",\"version\":\"v2\",\"stars\":5,\"ok\":true,\"none\":null,\"list\":[1,\"a\"]}");
    }

    @Test
    void escapesWhatMustBeEscaped() {
        assertThat(Json.write("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    @Test
    void parsesWhatItWrites() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", "quote \" and \\ and \t and é");
        body.put("n", 42L);
        body.put("x", 1.5);
        body.put("nested", Map.of("list", List.of(true, false)));
        body.put("nothing", null);

        assertThat(Json.parse(Json.write(body))).isEqualTo(body);
    }

    @Test
    void parsesWhitespaceEscapesAndNumbers() {
        Object value = Json.parse(" { \"a\" : [ 1 , -2.5e1 , \"\\u00e9\\/\" ] , \"b\" : { } } ");

        assertThat(value).isEqualTo(Map.of("a", Arrays.asList(1L, -25.0, "é/"), "b", Map.of()));
    }

    @ParameterizedTest(name = "rejects {0}")
    @ValueSource(strings = {"", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"open", "tru", "{} x", "no healthy upstream",
            "\"\\x\"", "-"})
    void rejectsMalformedDocuments(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDocumentsNestedTooDeep() {
        String deep = "[".repeat(100) + "]".repeat(100);

        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper");
    }

    @Test
    void parseObjectRejectsOtherValues() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessage("not a JSON object");
    }
}
