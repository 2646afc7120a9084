package dev.sutra.api.analyze;

import dev.sutra.api.config.ConfigParser;
import dev.sutra.api.config.ParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bookinfo-style fixture ({@code bookinfo.yaml}: productpage, reviews v1-v3, ratings, details
 * and an external payments API, all clean) and analysis of it plus one case file.
 */
final class Bookinfo {

    static final String FILE = "bookinfo.yaml";
    static final String CASE = "case.yaml";

    private static final ConfigParser PARSER = new ConfigParser();
    private static final String TEXT = load();

    private Bookinfo() {
    }

    static ParseResult parse() {
        return PARSER.parse(FILE, TEXT);
    }

    /** The printed findings of bookinfo plus {@code caseYaml}, parsed as {@code case.yaml}. */
    static List<String> analyze(String caseYaml) {
        return run(caseYaml).lines();
    }

    static AnalysisResult run(String caseYaml) {
        return Analysis.builder().add(parse()).add(PARSER.parse(CASE, caseYaml)).build().run();
    }

    private static String load() {
        try (InputStream in = Bookinfo.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
