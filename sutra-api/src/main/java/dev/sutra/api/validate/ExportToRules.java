package dev.sutra.api.validate;

import dev.sutra.api.config.FieldPath;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code exportTo}: namespaces, {@code .} (this one), {@code *} (all) and, for ServiceEntries, {@code ~} (none). */
final class ExportToRules {

    private ExportToRules() {
    }

    static void check(Checks checks, FieldPath path, List<String> exportTo, boolean serviceEntry) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < exportTo.size(); i++) {
            String entry = exportTo.get(i);
            String key = entry.equals(".") ? checks.namespace() : entry;
            boolean valid = entry.equals(".") || entry.equals("*") || (serviceEntry && entry.equals("~"))
                    || HostRules.isDnsLabel(entry);
            if (!valid) {
                checks.invalid(path.index(i), entry, serviceEntry
                        ? "a namespace name, . for this namespace, * for all or ~ for none"
                        : "a namespace name, . for this namespace or * for all");
            } else if (!seen.add(key)) {
                checks.invalid(path.index(i), entry, "each namespace once (. is this namespace, " + checks.namespace() + ")");
            }
        }
        if (exportTo.size() > 1 && exportTo.contains("*")) {
            checks.error(path, "* listed with other namespaces (expected: * alone, since it already exports everywhere)");
        }
        if (exportTo.size() > 1 && exportTo.contains("~")) {
            checks.error(path, "~ listed with namespaces (expected: ~ alone, since it exports to no one)");
        }
    }
}
