package dev.sluice.dsl.model;

import java.util.Objects;

/** Where a program runs (LANGUAGE.md, "Programs (hooks)"). */
public sealed interface Hook {
    /** The prefix of default program names: {@code xdp_1}, {@code tc_ingress_1}, {@code cgroup_egress_1}. */
    String kind();

    record Xdp() implements Hook {
        public String kind() {
            return "xdp";
        }
    }

    record Tc(boolean ingress) implements Hook {
        public String kind() {
            return ingress ? "tc_ingress" : "tc_egress";
        }
    }

    record Socket() implements Hook {
        public String kind() {
            return "socket";
        }
    }

    record Cgroup(CgroupKind cgroupKind) implements Hook {
        public Cgroup {
            Objects.requireNonNull(cgroupKind);
        }

        public String kind() {
            return "cgroup_" + cgroupKind.name().toLowerCase();
        }
    }

    enum CgroupKind { INGRESS, EGRESS, DEVICE }
}
