package dev.sutra.api.validate;

import dev.sutra.api.Nullable;
import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettings;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHash;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLB;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpCookie;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpHeaderName;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBHttpQueryParameterName;
import io.fabric8.istio.api.api.networking.v1alpha3.LoadBalancerSettingsConsistentHashLBMaglev;
import io.fabric8.istio.api.api.networking.v1alpha3.LocalityLoadBalancerSetting;
import io.fabric8.istio.api.api.networking.v1alpha3.LocalityLoadBalancerSettingDistribute;
import io.fabric8.istio.api.api.networking.v1alpha3.LocalityLoadBalancerSettingFailover;
import io.fabric8.istio.api.api.networking.v1alpha3.OutlierDetection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Load balancing: the simple or consistent-hash policy, locality weights and failover, warm-up. */
final class LoadBalancerRules {

    /** Envoy's upper bound for a Maglev table, which must also be prime. */
    private static final long MAX_MAGLEV_TABLE = 5_000_011;
    private static final Set<String> TOPOLOGY_LABELS =
            Set.of("topology.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.istio.io/subzone");

    private LoadBalancerRules() {
    }

    static void check(Checks checks, FieldPath path, @Nullable LoadBalancerSettings lb, @Nullable OutlierDetection outlier) {
        if (lb == null) {
            return;
        }
        if (lb.getLbPolicy() instanceof LoadBalancerSettingsConsistentHash hash && hash.getConsistentHash() != null) {
            checkConsistentHash(checks, path.child("consistentHash"), hash.getConsistentHash());
        }
        checkLocality(checks, path.child("localityLbSetting"), lb.getLocalityLbSetting());
        if (lb.getWarmup() != null && lb.getWarmupDurationSecs() != null) {
            checks.conflict(path.child("warmup"), "warmupDurationSecs", "warmup or warmupDurationSecs, not both");
        }
        Durations.check(checks, path.child("warmupDurationSecs"), lb.getWarmupDurationSecs());
        if (lb.getWarmup() != null) {
            FieldPath at = path.child("warmup");
            if (lb.getWarmup().getDuration() == null) {
                checks.missing(at.child("duration"), "how long a new endpoint warms up, like 60s");
            }
            Durations.check(checks, at.child("duration"), lb.getWarmup().getDuration());
            Double minimum = lb.getWarmup().getMinimumPercent();
            if (minimum != null && (minimum < 0 || minimum > 100)) {
                checks.invalid(at.child("minimumPercent"), minimum, "0 to 100");
            }
            Double aggression = lb.getWarmup().getAggression();
            if (aggression != null && aggression <= 0) {
                checks.invalid(at.child("aggression"), aggression, "more than 0");
            }
        }
        // Without outlier detection nothing marks an endpoint unhealthy, so failover never happens.
        LocalityLoadBalancerSetting locality = lb.getLocalityLbSetting();
        if (locality != null && (!Nulls.isEmpty(locality.getFailover()) || !Nulls.isEmpty(locality.getFailoverPriority()))
                && outlier == null) {
            checks.warn(path.child("localityLbSetting"), "failover without outlierDetection "
                    + "(expected: an outlierDetection in the same traffic policy, which failover depends on)");
        }
    }

    private static void checkConsistentHash(Checks checks, FieldPath path, LoadBalancerSettingsConsistentHashLB hash) {
        switch (hash.getHashKey()) {
            case LoadBalancerSettingsConsistentHashLBHttpCookie c when c.getHttpCookie() != null -> {
                FieldPath at = path.child("httpCookie");
                if (Nulls.isEmpty(c.getHttpCookie().getName())) {
                    checks.missing(at.child("name"), "the cookie name to hash on");
                }
                Durations.checkZeroOrMore(checks, at.child("ttl"), c.getHttpCookie().getTtl());
                Set<String> seen = new HashSet<>();
                var attributes = Nulls.list(c.getHttpCookie().getAttributes());
                for (int i = 0; i < attributes.size(); i++) {
                    String name = attributes.get(i) == null ? "" : Nulls.string(attributes.get(i).getName());
                    if (name.isEmpty() || !seen.add(name)) {
                        checks.invalid(at.child("attributes").index(i).child("name"), name, "a unique, non-empty attribute name");
                    }
                }
            }
            case LoadBalancerSettingsConsistentHashLBHttpHeaderName h when Nulls.isEmpty(h.getHttpHeaderName()) ->
                    checks.missing(path.child("httpHeaderName"), "the header to hash on");
            case LoadBalancerSettingsConsistentHashLBHttpQueryParameterName q
                    when Nulls.isEmpty(q.getHttpQueryParameterName()) ->
                    checks.missing(path.child("httpQueryParameterName"), "the query parameter to hash on");
            case null, default -> {
            }
        }
        if (hash.getMinimumRingSize() != null && hash.getMinimumRingSize() != 0 && hash.getHashAlgorithm() != null) {
            checks.conflict(path.child("minimumRingSize"), "ringHash or maglev", "the ring size in ringHash only");
        }
        if (hash.getHashAlgorithm() instanceof LoadBalancerSettingsConsistentHashLBMaglev m && m.getMaglev() != null) {
            long size = Nulls.longValue(m.getMaglev().getTableSize());
            if (size == 0 || size >= MAX_MAGLEV_TABLE || !isPrime(size)) {
                checks.invalid(path.child("maglev").child("tableSize"), size, "a prime below 5000011, like 65537");
            }
        }
    }

    private static void checkLocality(Checks checks, FieldPath path, @Nullable LocalityLoadBalancerSetting locality) {
        if (locality == null) {
            return;
        }
        List<LocalityLoadBalancerSettingDistribute> distribute = Nulls.list(locality.getDistribute());
        List<LocalityLoadBalancerSettingFailover> failover = Nulls.list(locality.getFailover());
        if (!distribute.isEmpty() && !failover.isEmpty()) {
            checks.conflict(path.child("failover"), "distribute", "distribute or failover, not both");
            return;
        }
        for (String label : Nulls.list(locality.getFailoverPriority())) {
            if (!failover.isEmpty() && TOPOLOGY_LABELS.contains(label)) {
                checks.conflict(path.child("failoverPriority"), "failover",
                        "no topology labels in failoverPriority when failover is set; failover orders regions");
                break;
            }
        }
        for (int i = 0; i < distribute.size(); i++) {
            FieldPath at = path.child("distribute").index(i);
            if (distribute.get(i) == null) {
                continue;
            }
            checkLocalityName(checks, at.child("from"), distribute.get(i).getFrom());
            long total = 0;
            for (Map.Entry<String, Long> to : Nulls.map(distribute.get(i).getTo()).entrySet()) {
                long weight = Nulls.longValue(to.getValue());
                checkLocalityName(checks, at.child("to").child(to.getKey()), to.getKey());
                if (weight < 1 || weight > 100) {
                    checks.invalid(at.child("to").child(to.getKey()), weight, "a weight from 1 to 100");
                }
                total += weight;
            }
            if (total != 100) {
                checks.error(at.child("to"), "weights sum to " + total + " (expected: 100, the share of traffic in percent)");
            }
        }
        for (int i = 0; i < failover.size(); i++) {
            LocalityLoadBalancerSettingFailover f = failover.get(i);
            if (f == null) {
                continue;
            }
            FieldPath at = path.child("failover").index(i);
            String from = Nulls.string(f.getFrom());
            String to = Nulls.string(f.getTo());
            if (from.equals(to)) {
                checks.invalid(at.child("to"), to, "a region other than from");
            }
            for (String field : new String[] {"from", "to"}) {
                String region = field.equals("from") ? from : to;
                if (region.contains("/") || region.contains("*")) {
                    checks.invalid(at.child(field), region, "a region alone, without zone or wildcard");
                }
            }
        }
    }

    /** A locality {@code region/zone/subzone} with no empty part and at most a trailing '*'. */
    private static void checkLocalityName(Checks checks, FieldPath path, @Nullable String locality) {
        String l = Nulls.string(locality);
        int stars = (int) l.chars().filter(c -> c == '*').count();
        boolean emptyPart = l.isEmpty() || List.of(l.split("/", -1)).contains("");
        if (stars > 1 || (stars == 1 && !l.endsWith("*")) || emptyPart || l.split("/", -1).length > 3) {
            checks.invalid(path, l, "region, region/zone or region/zone/subzone, with * only at the end");
        }
    }

    /** Envoy's own primality test for Maglev table sizes. */
    static boolean isPrime(long x) {
        if (x != 0 && x < 4) {
            return true;
        }
        if ((x & 1) == 0) {
            return false;
        }
        for (long f = 3; f * f <= x; f += 2) {
            if (x % f == 0) {
                return false;
            }
        }
        return true;
    }
}
