package dev.sutra.api.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads Istio resources from multi-document YAML or JSON into fabric8's {@code istio-model} types,
 * as strictly as Kubernetes' strict field validation: unknown kinds, versions Istio does not serve,
 * unknown fields, duplicate keys and values of the wrong type are errors that name the file, line,
 * column, resource and field. Thread-safe.
 */
public final class ConfigParser {

    /** The namespace a resource without one lands in, as with {@code kubectl apply}. */
    public static final String DEFAULT_NAMESPACE = "default";

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final ObjectMapper mapper;
    private final YAMLFactory yaml;
    private final JsonFactory json;
    private final StrictFields strictFields;

    public ConfigParser() {
        this.yaml = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.json = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        this.strictFields = new StrictFields(mapper);
    }

    /** Parses one file. */
    public ParseResult parse(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses {@code text}, naming it {@code file} in errors. JSON is read when the text is a JSON object. */
    public ParseResult parse(String file, String text) {
        List<ConfigResource<?>> resources = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        boolean isJson = file.endsWith(".json") || text.stripLeading().startsWith("{");
        List<Documents.Document> documents = isJson
                ? List.of(new Documents.Document(0, 1, text))
                : Documents.split(text);
        for (Documents.Document doc : documents) {
            if (doc.isBlank()) {
                continue;
            }
            parseDocument(file, doc, isJson, resources, errors);
        }
        return new ParseResult(resources, errors);
    }

    private void parseDocument(String file, Documents.Document doc, boolean isJson,
            List<ConfigResource<?>> resources, List<ConfigError> errors) {
        JsonNode tree;
        LocatingParser parser;
        try {
            JsonParser raw = isJson ? json.createParser(doc.text()) : yaml.createParser(doc.text());
            parser = new LocatingParser(raw, file, doc.firstLine() - 1);
            tree = mapper.readTree(parser);
        } catch (JsonProcessingException e) {
            errors.add(new ConfigError(position(file, doc, e.getLocation()), null, null, syntaxReason(e)));
            return;
        } catch (IOException e) {
            errors.add(new ConfigError(new SourcePosition(file, doc.firstLine(), 1), null, null, e.getMessage()));
            return;
        }
        SourceIndex index = parser.index(doc.firstLine());
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return;
        }
        if (!tree.isObject()) {
            errors.add(new ConfigError(index.documentStart(), null, null,
                    "a resource must be a mapping with apiVersion, kind, metadata and spec"));
            return;
        }
        Optional<Binding> binding = resolveKind(tree, index, errors);
        if (binding.isEmpty()) {
            return;
        }
        ResourceSource source = new ResourceSource(file, doc.index(), index, doc.text());
        bind(tree, binding.get(), source, resources, errors);
    }

    private record Binding(ConfigKind kind, String apiVersion, Class<? extends HasMetadata> type) {
    }

    private Optional<Binding> resolveKind(JsonNode tree, SourceIndex index, List<ConfigError> errors) {
        String apiVersion = tree.path("apiVersion").asText("");
        String kindName = tree.path("kind").asText("");
        if (apiVersion.isEmpty() || kindName.isEmpty()) {
            String missing = apiVersion.isEmpty() ? "apiVersion" : "kind";
            errors.add(new ConfigError(index.documentStart(), null, missing, "required"));
            return Optional.empty();
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        Optional<ConfigKind> kind = ConfigKind.of(group, kindName);
        if (kind.isEmpty()) {
            Optional<ConfigKind> sameName = Optional.ofNullable(ConfigKind.byKind().get(kindName));
            String reason = sameName
                    .map(k -> "unknown kind " + kindName + " in group \"" + group + "\" (expected: "
                            + k.group() + ")")
                    .orElseGet(() -> "unknown kind \"" + kindName + "\""
                            + Suggestions.didYouMean(kindName, ConfigKind.byKind().keySet())
                            + " (Sutra reads: " + String.join(", ", ConfigKind.byKind().keySet()) + ")");
            FieldPath at = sameName.isPresent() ? FieldPath.of("apiVersion") : FieldPath.of("kind");
            errors.add(new ConfigError(index.position(at), null, at.toString(), reason));
            return Optional.empty();
        }
        Optional<Class<? extends HasMetadata>> type = kind.get().resourceClass(version);
        if (type.isEmpty()) {
            errors.add(new ConfigError(index.position(FieldPath.of("apiVersion")), null, "apiVersion",
                    "Istio does not serve " + kindName + " in " + apiVersion + " (expected one of: "
                            + kind.get().versions().stream().map(v -> group + "/" + v).toList() + ")"));
            return Optional.empty();
        }
        return Optional.of(new Binding(kind.get(), apiVersion, type.get()));
    }

    private void bind(JsonNode tree, Binding binding, ResourceSource source,
            List<ConfigResource<?>> resources, List<ConfigError> errors) {
        SourceIndex index = source.index();
        HasMetadata object;
        try {
            object = mapper.treeToValue(tree, binding.type);
        } catch (JsonMappingException e) {
            FieldPath path = pathOf(e);
            errors.add(new ConfigError(index.position(path), keyOf(binding, tree), path.toString(), bindReason(e)));
            return;
        } catch (JsonProcessingException e) {
            errors.add(new ConfigError(index.documentStart(), null, null, e.getOriginalMessage()));
            return;
        }
        ObjectMeta meta = object.getMetadata();
        ResourceKey key = keyOf(binding, tree);
        int before = errors.size();
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            errors.add(new ConfigError(index.position(FieldPath.of("metadata")), null, "metadata.name", "required"));
        } else {
            checkName(meta.getName(), FieldPath.of("metadata", "name"), DNS_SUBDOMAIN, 253, index, key, errors);
        }
        if (meta != null && meta.getNamespace() != null) {
            checkName(meta.getNamespace(), FieldPath.of("metadata", "namespace"), DNS_LABEL, 63, index, key, errors);
        }
        for (StrictFields.Problem problem : strictFields.check(tree, object)) {
            errors.add(new ConfigError(index.position(problem.path()), key, problem.path().toString(),
                    problem.reason()));
        }
        if (errors.size() > before || key == null) {
            return;
        }
        Object spec = specOf(object, binding.kind);
        resources.add(new ConfigResource<>(key, binding.apiVersion, object, spec, source));
    }

    private static void checkName(String value, FieldPath path, Pattern pattern, int max, SourceIndex index,
            ResourceKey key, List<ConfigError> errors) {
        if (value.length() > max || !pattern.matcher(value).matches()) {
            errors.add(new ConfigError(index.position(path), key, path.toString(), "\"" + value
                    + "\" is not a valid name (expected: lower-case letters, digits and '-', at most " + max
                    + " characters, starting and ending with a letter or digit)"));
        }
    }

    private static ResourceKey keyOf(Binding binding, JsonNode tree) {
        String name = tree.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            return null;
        }
        String namespace = tree.path("metadata").path("namespace").asText(DEFAULT_NAMESPACE);
        return new ResourceKey(binding.kind, namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace, name);
    }

    /** The spec, or an empty one when the document has none (Kubernetes allows that). */
    private static Object specOf(HasMetadata object, ConfigKind kind) {
        try {
            Method getter = object.getClass().getMethod("getSpec");
            Object spec = getter.invoke(object);
            return spec != null ? spec : kind.specType().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("istio-model type without a spec: " + object.getClass(), e);
        }
    }

    static FieldPath pathOf(JsonMappingException e) {
        FieldPath path = FieldPath.ROOT;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path = path.child(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path = path.index(ref.getIndex());
            }
        }
        return path;
    }

    private static String bindReason(JsonMappingException e) {
        if (e instanceof InvalidFormatException invalid) {
            return "invalid value " + quote(invalid.getValue()) + " (expected: " + describe(invalid.getTargetType()) + ")";
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "wrong type (expected: " + describe(mismatched.getTargetType()) + ")";
        }
        String message = e.getOriginalMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(enumName(constant));
            }
            return "one of " + names;
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        return "a mapping (" + type.getSimpleName() + ")";
    }

    private static String enumName(Object constant) {
        try {
            com.fasterxml.jackson.annotation.JsonProperty p = constant.getClass()
                    .getField(((Enum<?>) constant).name())
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return p != null ? p.value() : ((Enum<?>) constant).name();
        } catch (NoSuchFieldException e) {
            return ((Enum<?>) constant).name();
        }
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String syntaxReason(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return "syntax error: " + (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static SourcePosition position(String file, Documents.Document doc, JsonLocation location) {
        if (location == null || location.getLineNr() <= 0) {
            return new SourcePosition(file, doc.firstLine(), 1);
        }
        return new SourcePosition(file, location.getLineNr() + doc.firstLine() - 1, location.getColumnNr());
    }
}
