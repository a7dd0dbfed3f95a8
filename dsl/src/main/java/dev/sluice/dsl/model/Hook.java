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

    /** {@code kprobe SYMBOL} or, with {@code ret}, {@code kretprobe SYMBOL}. */
    record Kprobe(String symbol, boolean ret) implements Hook {
        public Kprobe {
            Objects.requireNonNull(symbol);
        }

        public String kind() {
            return ret ? "kretprobe" : "kprobe";
        }
    }

    /** {@code uprobe "PATH" SYMBOL} or, with {@code ret}, {@code uretprobe "PATH" SYMBOL}. */
    record Uprobe(String path, String symbol, boolean ret) implements Hook {
        public Uprobe {
            Objects.requireNonNull(path);
            Objects.requireNonNull(symbol);
        }

        public String kind() {
            return ret ? "uretprobe" : "uprobe";
        }
    }

    /** {@code tracepoint CATEGORY:EVENT}, e.g. {@code syscalls:sys_enter_openat}. */
    record Tracepoint(String category, String event) implements Hook {
        public Tracepoint {
            Objects.requireNonNull(category);
            Objects.requireNonNull(event);
        }

        public String kind() {
            return "tracepoint";
        }
    }

    /** {@code profile hz N}: CPU-clock sampling on every CPU, {@code hz} times a second. */
    record Profile(long hz) implements Hook {
        public String kind() {
            return "profile";
        }
    }
}
