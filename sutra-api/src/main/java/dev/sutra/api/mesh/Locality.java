package dev.sutra.api.mesh;

import static java.util.Objects.requireNonNull;

/** Where a workload runs, {@code region/zone/subzone}; any part may be empty. */
public record Locality(String region, String zone, String subZone) {

    public static final Locality NONE = new Locality("", "", "");

    public Locality {
        requireNonNull(region, "region");
        requireNonNull(zone, "zone");
        requireNonNull(subZone, "subZone");
    }

    /** Parses {@code region/zone/subzone}; missing parts are empty. */
    public static Locality parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String[] parts = value.strip().split("/", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("locality: \"" + value + "\" (expected: region/zone/subzone)");
        }
        return new Locality(parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
    }

    public boolean isEmpty() {
        return region.isEmpty() && zone.isEmpty() && subZone.isEmpty();
    }

    @Override
    public String toString() {
        if (subZone.isEmpty()) {
            return zone.isEmpty() ? region : region + "/" + zone;
        }
        return region + "/" + zone + "/" + subZone;
    }
}
