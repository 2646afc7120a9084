package dev.sutra.api.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes-style strict field validation on top of fabric8's lenient binding. fabric8's model
 * types collect undefined fields in {@code additionalProperties}, its one-of deserializer drops
 * fields that fit no alternative, and its enums turn unknown values into null. This finds all
 * three: it walks the bound object graph with Jackson's own view of each type (names as written in
 * YAML, unwrapped one-of fields), reports every collected key, then compares the document with the
 * bound object written back and reports whatever the binding silently lost.
 */
final class StrictFields {

    /** A field that is not allowed where it stands, or whose value the model could not keep. */
    record Problem(FieldPath path, String reason) {
    }

    private record Property(String name, Method getter, boolean unwrapped) {
    }

    /** How Jackson sees one model type: readable properties and the types of all settable names. */
    private record TypeInfo(List<Property> properties, Method additional, Map<String, Class<?>> names) {
    }

    private final ObjectMapper mapper;
    private final Map<Class<?>, TypeInfo> types = new ConcurrentHashMap<>();

    StrictFields(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    List<Problem> check(JsonNode document, Object bound) {
        List<Problem> problems = new ArrayList<>();
        Map<String, TypeInfo> typeAt = new HashMap<>();
        walk(bound, FieldPath.ROOT, problems, typeAt);
        Set<String> reported = new HashSet<>();
        problems.forEach(p -> reported.add(p.path.pointer()));
        compare(document, mapper.valueToTree(bound), FieldPath.ROOT, typeAt, reported, problems);
        return problems;
    }

    private void walk(Object value, FieldPath path, List<Problem> problems, Map<String, TypeInfo> typeAt) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path.index(i), problems, typeAt);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path.child(String.valueOf(k)), problems, typeAt));
            return;
        }
        if (value == null || !isModel(value.getClass())) {
            return;
        }
        TypeInfo info = info(value.getClass());
        typeAt.put(path.pointer(), info);
        if (info.additional != null) {
            Map<?, ?> extra = (Map<?, ?>) invoke(info.additional, value);
            if (extra != null) {
                for (Object key : extra.keySet()) {
                    String name = String.valueOf(key);
                    problems.add(new Problem(path.child(name), unknown(name, info)));
                }
            }
        }
        for (Property p : info.properties) {
            walk(invoke(p.getter, value), p.unwrapped ? path : path.child(p.name), problems, typeAt);
        }
    }

    /** Reports what the document set and the bound object does not hold. */
    private static void compare(JsonNode in, JsonNode out, FieldPath path, Map<String, TypeInfo> typeAt,
            Set<String> reported, List<Problem> problems) {
        if (in.isObject()) {
            TypeInfo info = typeAt.get(path.pointer());
            for (Map.Entry<String, JsonNode> field : in.properties()) {
                FieldPath child = path.child(field.getKey());
                JsonNode kept = out == null ? null : out.get(field.getKey());
                if (reported.contains(child.pointer()) || isEmpty(field.getValue())) {
                    continue;
                }
                if (kept == null || kept.isNull()) {
                    if (info != null) {
                        problems.add(new Problem(child, lost(field.getKey(), field.getValue(), info)));
                    }
                    continue;
                }
                compare(field.getValue(), kept, child, typeAt, reported, problems);
            }
        } else if (in.isArray() && out != null && out.isArray()) {
            for (int i = 0; i < in.size() && i < out.size(); i++) {
                compare(in.get(i), out.get(i), path.index(i), typeAt, reported, problems);
            }
        }
    }

    private static String lost(String name, JsonNode value, TypeInfo info) {
        Class<?> type = info.names.get(name);
        if (type == null) {
            return unknown(name, info);
        }
        String shown = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
        if (type.isEnum()) {
            return "invalid value " + shown + " (expected one of: " + String.join(", ", enumNames(type)) + ")";
        }
        return "invalid value " + shown;
    }

    private static String unknown(String name, TypeInfo info) {
        return "unknown field \"" + name + "\"" + Suggestions.didYouMean(name, info.names.keySet());
    }

    private static boolean isEmpty(JsonNode node) {
        return node.isNull() || node.isMissingNode() || (node.isContainerNode() && node.isEmpty());
    }

    private TypeInfo info(Class<?> type) {
        // Not computeIfAbsent: describing a one-of describes its alternatives, a nested update.
        TypeInfo info = types.get(type);
        if (info == null) {
            info = describe(type);
            types.putIfAbsent(type, info);
        }
        return info;
    }

    private TypeInfo describe(Class<?> type) {
        BeanDescription description = mapper.getDeserializationConfig().introspect(mapper.constructType(type));
        List<Property> properties = new ArrayList<>();
        Map<String, Class<?>> names = new TreeMap<>();
        for (BeanPropertyDefinition def : description.findProperties()) {
            if (def.getGetter() == null || def.getGetter().getAnnotated() == null) {
                continue;
            }
            AnnotatedMember member = def.getPrimaryMember();
            boolean unwrapped = member != null && member.hasAnnotation(JsonUnwrapped.class);
            properties.add(new Property(def.getName(), def.getGetter().getAnnotated(), unwrapped));
            if (unwrapped) {
                names.putAll(oneOfNames(def.getGetter().getRawType()));
            } else {
                names.put(def.getName(), def.getGetter().getRawType());
            }
        }
        Method additional = null;
        try {
            additional = type.getMethod("getAdditionalProperties");
        } catch (NoSuchMethodException e) {
            // Not every model type collects unknown fields.
        }
        return new TypeInfo(List.copyOf(properties), additional, names);
    }

    /** The field names of every alternative of a one-of. */
    private Map<String, Class<?>> oneOfNames(Class<?> type) {
        JsonSubTypes subTypes = type.getAnnotation(JsonSubTypes.class);
        Map<String, Class<?>> names = new TreeMap<>();
        if (subTypes != null) {
            for (JsonSubTypes.Type t : subTypes.value()) {
                names.putAll(info(t.value()).names);
            }
        }
        return names;
    }

    private static List<String> enumNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            String name = ((Enum<?>) constant).name();
            try {
                JsonProperty p = type.getField(name).getAnnotation(JsonProperty.class);
                names.add(p != null ? p.value() : name);
            } catch (NoSuchFieldException e) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean isModel(Class<?> type) {
        return type.getName().startsWith("io.fabric8.") && !type.isEnum();
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + method + " of " + target.getClass().getName(), e);
        }
    }
}
