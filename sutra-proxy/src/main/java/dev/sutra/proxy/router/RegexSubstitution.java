package dev.sutra.proxy.router;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.sutra.proxy.config.InvalidConfigException;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code RegexMatchAndSubstitute}: every match of the pattern is replaced, as RE2's
 * {@code GlobalReplace} in Envoy. The substitution uses RE2's syntax ({@code \1} for a group,
 * {@code \0} for the whole match, {@code \\} for a backslash; {@code $} is literal), parsed once
 * into literal and group pieces so a rewrite never re-reads the template.
 */
public final class RegexSubstitution {
    private final Pattern pattern;
    private final String substitution;
    /** Literal text, or a boxed group number. */
    private final Object[] pieces;

    private RegexSubstitution(Pattern pattern, String substitution, Object[] pieces) {
        this.pattern = pattern;
        this.substitution = substitution;
        this.pieces = pieces;
    }

    static RegexSubstitution compile(RegexMatchAndSubstitute proto, String path, CompileContext ctx)
            throws InvalidConfigException {
        Pattern pattern = ctx.regex(proto.getPattern(), path + ".pattern");
        String s = proto.getSubstitution();
        List<Object> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                literal.append(c);
                continue;
            }
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (next == '\\') {
                literal.append('\\');
            } else if (next >= '0' && next <= '9') {
                int group = next - '0';
                // RE2 refuses such a rewrite at run time; refusing the config is clearer.
                if (group > pattern.groupCount()) {
                    throw ctx.error(path + ".substitution", "refers to group " + group
                            + " but the pattern has " + pattern.groupCount());
                }
                if (!literal.isEmpty()) {
                    pieces.add(literal.toString());
                    literal.setLength(0);
                }
                pieces.add(group);
            } else {
                throw ctx.error(path + ".substitution", "invalid escape at offset " + i
                        + " (expected \\0-\\9 or \\\\)");
            }
            i++;
        }
        if (!literal.isEmpty()) {
            pieces.add(literal.toString());
        }
        return new RegexSubstitution(pattern, s, pieces.toArray());
    }

    /** The pattern's source text. */
    public String pattern() {
        return pattern.pattern();
    }

    /** The substitution as configured. */
    public String substitution() {
        return substitution;
    }

    /** Replaces every match in {@code input}; returns {@code input} itself when nothing matched. */
    public String replaceAll(String input) {
        Matcher m = pattern.matcher(input);
        if (!m.find()) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length() + 16);
        int last = 0;
        do {
            out.append(input, last, m.start());
            for (Object piece : pieces) {
                if (piece instanceof String text) {
                    out.append(text);
                } else {
                    String group = m.group((Integer) piece);
                    if (group != null) {
                        out.append(group);
                    }
                }
            }
            last = m.end();
        } while (m.find());
        return out.append(input, last, input.length()).toString();
    }

    @Override
    public String toString() {
        return "RegexSubstitution[" + pattern.pattern() + " -> " + substitution + "]";
    }
}
