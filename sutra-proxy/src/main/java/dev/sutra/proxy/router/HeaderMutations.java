package dev.sutra.proxy.router;

import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The header additions and removals of one or more configuration levels (route, virtual host,
 * route configuration), in the order Envoy evaluates them. Within a level removals come first, then
 * additions in order; overwrites of a level are applied together after its plain additions, as
 * Envoy's header parser does, so that several overwrite entries for one name all survive.
 */
public final class HeaderMutations {
    /** No mutation at all. */
    public static final HeaderMutations NONE = new HeaderMutations(List.of());

    private final List<Level> levels;

    private HeaderMutations(List<Level> levels) {
        this.levels = levels;
    }

    /**
     * One configuration level's mutations.
     *
     * @param removals lower-case names removed first
     * @param additions additions in configuration order
     */
    public record Level(List<String> removals, List<HeaderAppend> additions) {
        public Level {
            removals = List.copyOf(removals);
            additions = List.copyOf(additions);
        }
    }

    static HeaderMutations of(List<Level> levels) {
        List<Level> nonEmpty = new ArrayList<>();
        for (Level level : levels) {
            if (!level.removals().isEmpty() || !level.additions().isEmpty()) {
                nonEmpty.add(level);
            }
        }
        return nonEmpty.isEmpty() ? NONE : new HeaderMutations(List.copyOf(nonEmpty));
    }

    /** The levels in evaluation order. */
    public List<Level> levels() {
        return levels;
    }

    /** Whether applying this changes nothing. */
    public boolean isEmpty() {
        return levels.isEmpty();
    }

    /** Applies every level in order. */
    public void apply(MutableHeaders headers) {
        for (int l = 0; l < levels.size(); l++) {
            Level level = levels.get(l);
            List<String> removals = level.removals();
            for (int i = 0; i < removals.size(); i++) {
                headers.remove(removals.get(i));
            }
            applyAdditions(level.additions(), headers);
        }
    }

    private static void applyAdditions(List<HeaderAppend> additions, MutableHeaders headers) {
        int n = additions.size();
        long mask = 0;
        boolean[] overflow = n > 64 ? new boolean[n] : null;
        boolean any = false;
        for (int i = 0; i < n; i++) {
            HeaderAppend a = additions.get(i);
            boolean overwrite = switch (a.action()) {
                case APPEND_IF_EXISTS_OR_ADD -> {
                    headers.add(a.name(), a.value());
                    yield false;
                }
                case ADD_IF_ABSENT -> {
                    if (!headers.contains(a.name())) {
                        headers.add(a.name(), a.value());
                    }
                    yield false;
                }
                case OVERWRITE_IF_EXISTS -> headers.contains(a.name());
                case OVERWRITE_IF_EXISTS_OR_ADD -> true;
            };
            if (overwrite) {
                any = true;
                if (overflow != null) {
                    overflow[i] = true;
                } else {
                    mask |= 1L << i;
                }
            }
        }
        if (!any) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (overflow != null ? overflow[i] : (mask & (1L << i)) != 0) {
                headers.remove(additions.get(i).name());
            }
        }
        for (int i = 0; i < n; i++) {
            if (overflow != null ? overflow[i] : (mask & (1L << i)) != 0) {
                headers.add(additions.get(i).name(), additions.get(i).value());
            }
        }
    }

    /** Compiles one level's {@code *_headers_to_add} and {@code *_headers_to_remove}. */
    static Level level(List<HeaderValueOption> adds, String addsPath, List<String> removes,
            String removesPath, CompileContext ctx) throws InvalidConfigException {
        List<String> removals = new ArrayList<>();
        for (int i = 0; i < removes.size(); i++) {
            String path = removesPath + "[" + i + "]";
            removals.add(modifiable(ctx.nonEmpty(removes.get(i), path), path, ctx));
        }
        List<HeaderAppend> additions = new ArrayList<>();
        for (int i = 0; i < adds.size(); i++) {
            HeaderValueOption option = adds.get(i);
            String path = addsPath + "[" + i + "]";
            String name = modifiable(ctx.nonEmpty(option.getHeader().getKey(), path + ".header.key"),
                    path + ".header.key", ctx);
            String value = value(option, path, ctx);
            // Envoy drops a header whose value is empty unless keep_empty_value is set.
            if (value.isEmpty() && !option.getKeepEmptyValue()) {
                continue;
            }
            additions.add(new HeaderAppend(name, value, action(option, path, ctx)));
        }
        return new Level(removals, additions);
    }

    private static String modifiable(String name, String path, CompileContext ctx)
            throws InvalidConfigException {
        String lower = Ascii.toLowerCase(name);
        if (lower.startsWith(":") || lower.equals("host")) {
            throw ctx.error(path, ":-prefixed or host headers may not be modified: " + name);
        }
        return lower;
    }

    // The deprecated append flag is still honoured by Envoy.
    @SuppressWarnings("deprecation")
    private static HeaderAppend.Action action(HeaderValueOption option, String path,
            CompileContext ctx) throws InvalidConfigException {
        if (option.hasAppend()) {
            if (option.getAppendActionValue() != 0) {
                throw ctx.error(path, "both append and append_action are set");
            }
            return option.getAppend().getValue() ? HeaderAppend.Action.APPEND_IF_EXISTS_OR_ADD
                    : HeaderAppend.Action.OVERWRITE_IF_EXISTS_OR_ADD;
        }
        return switch (option.getAppendAction()) {
            case APPEND_IF_EXISTS_OR_ADD -> HeaderAppend.Action.APPEND_IF_EXISTS_OR_ADD;
            case ADD_IF_ABSENT -> HeaderAppend.Action.ADD_IF_ABSENT;
            case OVERWRITE_IF_EXISTS_OR_ADD -> HeaderAppend.Action.OVERWRITE_IF_EXISTS_OR_ADD;
            case OVERWRITE_IF_EXISTS -> HeaderAppend.Action.OVERWRITE_IF_EXISTS;
            case UNRECOGNIZED -> throw ctx.error(path + ".append_action", "unknown value "
                    + option.getAppendActionValue());
        };
    }

    /**
     * The literal value. Envoy reads {@code %VAR%} in values as substitution commands; none is
     * supported yet, so such a value is refused rather than sent literally. {@code %%} is a
     * literal {@code %}.
     */
    private static String value(HeaderValueOption option, String path, CompileContext ctx)
            throws InvalidConfigException {
        String raw = option.getHeader().getValue();
        if (!option.getHeader().getRawValue().isEmpty()) {
            if (!raw.isEmpty()) {
                throw ctx.error(path + ".header", "only one of value and raw_value may be set");
            }
            raw = option.getHeader().getRawValue().toStringUtf8();
        }
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                b.append(c);
            } else if (i + 1 < raw.length() && raw.charAt(i + 1) == '%') {
                b.append('%');
                i++;
            } else {
                throw ctx.error(path + ".header.value", "header value substitutions (%...%) are"
                        + " not supported; escape a literal % as %%");
            }
        }
        return b.toString();
    }
}
