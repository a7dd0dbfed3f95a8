package dev.sluice.runtime;

import java.util.Optional;
import java.util.OptionalInt;

/** Program type and expected attach type from an ELF section name, as libbpf reads them. */
final class SectionTypes {
    record Kind(ProgramType type, OptionalInt expectedAttachType) {}

    private SectionTypes() {}

    static Optional<Kind> of(String section) {
        String s = section;
        if (s.equals("xdp") || s.startsWith("xdp/") || s.equals("xdp.frags")) return kind(ProgramType.XDP);
        if (s.equals("tc") || s.startsWith("tc/") || s.equals("classifier") || s.startsWith("classifier/")) {
            return kind(ProgramType.SCHED_CLS);
        }
        if (s.equals("tcx/ingress")) return kind(ProgramType.SCHED_CLS, Attach.ATTACH_TCX_INGRESS);
        if (s.equals("tcx/egress")) return kind(ProgramType.SCHED_CLS, Attach.ATTACH_TCX_EGRESS);
        if (s.equals("socket") || s.startsWith("socket/")) return kind(ProgramType.SOCKET_FILTER);
        if (s.equals("cgroup_skb/ingress")) return kind(ProgramType.CGROUP_SKB, Attach.ATTACH_CGROUP_INET_INGRESS);
        if (s.equals("cgroup_skb/egress")) return kind(ProgramType.CGROUP_SKB, Attach.ATTACH_CGROUP_INET_EGRESS);
        if (s.equals("cgroup/dev")) return kind(ProgramType.CGROUP_DEVICE, Attach.ATTACH_CGROUP_DEVICE);
        if (s.startsWith("kprobe/") || s.startsWith("kretprobe/") || s.startsWith("uprobe") || s.startsWith("uretprobe")) {
            return kind(ProgramType.KPROBE);
        }
        if (s.startsWith("tracepoint/") || s.startsWith("tp/")) return kind(ProgramType.TRACEPOINT);
        if (s.equals("perf_event")) return kind(ProgramType.PERF_EVENT);
        return Optional.empty();
    }

    private static Optional<Kind> kind(ProgramType type) {
        return Optional.of(new Kind(type, OptionalInt.empty()));
    }

    private static Optional<Kind> kind(ProgramType type, int attach) {
        return Optional.of(new Kind(type, OptionalInt.of(attach)));
    }
}
