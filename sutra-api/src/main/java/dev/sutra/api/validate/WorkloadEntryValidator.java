package dev.sutra.api.validate;

import dev.sutra.api.config.FieldPath;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntry;

/** WorkloadEntry: one workload outside Kubernetes, such as a VM, selected by ServiceEntries' labels. */
final class WorkloadEntryValidator implements KindValidator<WorkloadEntry> {

    static final WorkloadEntryValidator INSTANCE = new WorkloadEntryValidator();

    private WorkloadEntryValidator() {
    }

    @Override
    public Class<WorkloadEntry> specType() {
        return WorkloadEntry.class;
    }

    @Override
    public void validate(WorkloadEntry entry, Checks checks) {
        // Which ServiceEntry selects it is not known here, so its ports are not matched against one, and
        // its address may be a host name (a DNS ServiceEntry resolves it).
        EndpointRules.check(checks, FieldPath.of("spec"), entry, null, true);
        String account = entry.getServiceAccount();
        if (!Nulls.isEmpty(account) && !HostRules.isDnsLabel(account) && HostRules.fqdnProblem(account) != null) {
            checks.invalid(FieldPath.of("spec", "serviceAccount"), account, "a service account name like reviews");
        }
    }
}
