package dev.sluice.compiler.interp;

import dev.sluice.compiler.hooks.ProgramKind;

import static dev.sluice.compiler.hooks.ProgramKind.*;

import java.util.EnumSet;
import java.util.Set;

/** Which {@code __sk_buff} fields each program type may read and write (docs/KERNEL.md, "Contexts"). */
final class SkbFields {
    static final int DATA = 76;
    static final int DATA_END = 80;
    static final int DATA_META = 140;

    record Field(String name, int offset, int size, Set<ProgramKind> read, Set<ProgramKind> write) {}

    private static final Set<ProgramKind> ALL = EnumSet.of(SOCKET_FILTER, SCHED_CLS, CGROUP_SKB);
    private static final Set<ProgramKind> NONE = EnumSet.noneOf(ProgramKind.class);
    private static final Set<ProgramKind> CLS = EnumSet.of(SCHED_CLS);
    private static final Set<ProgramKind> CLS_CG = EnumSet.of(SCHED_CLS, CGROUP_SKB);
    private static final Set<ProgramKind> CG = EnumSet.of(CGROUP_SKB);

    static final Field[] FIELDS = {
        new Field("len", 0, 4, ALL, NONE),
        new Field("pkt_type", 4, 4, ALL, NONE),
        new Field("mark", 8, 4, ALL, CLS_CG),
        new Field("queue_mapping", 12, 4, ALL, CLS),
        new Field("protocol", 16, 4, ALL, NONE),
        new Field("vlan_present", 20, 4, ALL, NONE),
        new Field("vlan_tci", 24, 4, ALL, NONE),
        new Field("vlan_proto", 28, 4, ALL, NONE),
        new Field("priority", 32, 4, ALL, CLS_CG),
        new Field("ingress_ifindex", 36, 4, ALL, NONE),
        new Field("ifindex", 40, 4, ALL, NONE),
        new Field("tc_index", 44, 4, ALL, CLS),
        new Field("cb[0]", 48, 4, ALL, ALL),
        new Field("cb[1]", 52, 4, ALL, ALL),
        new Field("cb[2]", 56, 4, ALL, ALL),
        new Field("cb[3]", 60, 4, ALL, ALL),
        new Field("cb[4]", 64, 4, ALL, ALL),
        new Field("hash", 68, 4, ALL, NONE),
        new Field("tc_classid", 72, 4, CLS, CLS),
        new Field("data", DATA, 4, CLS_CG, NONE),
        new Field("data_end", DATA_END, 4, CLS_CG, NONE),
        new Field("napi_id", 84, 4, ALL, NONE),
        new Field("family", 88, 4, CG, NONE),
        new Field("remote_ip4", 92, 4, CG, NONE),
        new Field("local_ip4", 96, 4, CG, NONE),
        new Field("remote_ip6", 100, 16, CG, NONE),
        new Field("local_ip6", 116, 16, CG, NONE),
        new Field("remote_port", 132, 4, CG, NONE),
        new Field("local_port", 136, 4, CG, NONE),
        new Field("data_meta", DATA_META, 4, CLS, NONE),
        new Field("tstamp", 152, 8, CLS_CG, CLS_CG),
        new Field("wire_len", 160, 4, CLS, NONE),
        new Field("gso_segs", 164, 4, ALL, NONE),
        new Field("gso_size", 176, 4, ALL, NONE),
        new Field("tstamp_type", 180, 1, CLS, NONE),
        new Field("hwtstamp", 184, 8, CLS_CG, NONE),
    };

    private SkbFields() {}

    /** The field that wholly contains [offset, offset+size), or null. */
    static Field at(int offset, int size) {
        for (Field f : FIELDS) {
            if (offset >= f.offset() && offset + size <= f.offset() + f.size()) return f;
        }
        return null;
    }
}
