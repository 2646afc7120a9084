package dev.sutra.api.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sutra.api.config.ConfigError;
import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ConfigResource;
import dev.sutra.api.config.ParseResult;
import java.util.List;
import java.util.function.Function;

/**
 * One resource of a kind, written as its spec only: the fixture adds apiVersion, kind and metadata
 * on lines 1 to 3 and {@code spec:} on line 4, so the spec's first field is on line 5, column 3.
 * Errors come back as {@code line:column field: reason}, the parts that vary between cases.
 */
record Fixture(String apiVersion, String kind, String namespace, String name) {

    private static final ConfigParser PARSER = new ConfigParser();

    /** A named table row: the case's name, its spec and the errors (or warnings) expected. */
    record Case(String name, String spec, List<String> expected) {

        static Case of(String name, String spec, String... expected) {
            return new Case(name, spec, List.of(expected));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Fixture of(String apiVersion, String kind) {
        return new Fixture(apiVersion, kind, "bookinfo", "sample");
    }

    Fixture in(String namespace) {
        return new Fixture(apiVersion, kind, namespace, name);
    }

    Fixture named(String name) {
        return new Fixture(apiVersion, kind, namespace, name);
    }

    String yaml(String spec) {
        return "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n" + spec.stripTrailing().indent(2);
    }

    ConfigResource<?> parse(String spec) {
        ParseResult result = PARSER.parse("test.yaml", yaml(spec));
        assertThat(result.errors()).as("parse errors").isEmpty();
        assertThat(result.resources()).hasSize(1);
        return result.resources().get(0);
    }

    List<String> errors(String spec) {
        return compact(spec, Validation::errors);
    }

    List<String> warnings(String spec) {
        return compact(spec, Validation::warnings);
    }

    private List<String> compact(String spec, Function<Validation, List<ConfigError>> which) {
        Validation v = new ConfigValidator().check(parse(spec));
        return which.apply(v).stream()
                .map(e -> e.position().line() + ":" + e.position().column() + " " + e.field() + ": " + e.reason())
                .toList();
    }
}
