package dev.sluice.dsl.model;

import java.util.Objects;

/** Where a program runs (docs/LANGUAGE.md, "Programs (hooks)"). */
public sealed interface Hook {
    /** The prefix of default program names: {@code xdp_1}, {@code tc_ingress_1}, {@code cgroup_egress_1}. */
    String kind();

    /** {@code xdp [NAME]}: XDP, from the Ethernet header. */
    record Xdp() implements Hook {
        /** {@code xdp}. */
        public String kind() {
            return "xdp";
        }
    }

    /**
     * {@code tc ingress|egress [NAME]}: SCHED_CLS in direct-action mode, attached as tcx, from the Ethernet
     * header.
     */
    record Tc(boolean ingress) implements Hook {
        /** {@code tc_ingress} or {@code tc_egress}. */
        public String kind() {
            return ingress ? "tc_ingress" : "tc_egress";
        }
    }

    /** {@code socket [NAME]}: SOCKET_FILTER, from the network header. */
    record Socket() implements Hook {
        /** {@code socket}. */
        public String kind() {
            return "socket";
        }
    }

    /**
     * {@code cgroup ingress|egress|device [NAME]}: CGROUP_SKB for packets, CGROUP_DEVICE for device accesses.
     */
    record Cgroup(CgroupKind cgroupKind) implements Hook {
        /** Rejects a cgroup hook without its kind. */
        public Cgroup {
            Objects.requireNonNull(cgroupKind);
        }

        /** {@code cgroup_ingress}, {@code cgroup_egress} or {@code cgroup_device}. */
        public String kind() {
            return "cgroup_" + cgroupKind.name().toLowerCase();
        }
    }

    /** Which cgroup hook: packets in, packets out, or device accesses. */
    enum CgroupKind {
        /** Packets received by the cgroup's sockets (BPF_CGROUP_INET_INGRESS). */
        INGRESS,
        /** Packets sent by the cgroup's sockets (BPF_CGROUP_INET_EGRESS). */
        EGRESS,
        /** Opening or creating device nodes (BPF_CGROUP_DEVICE). */
        DEVICE
    }

    /** {@code kprobe SYMBOL} or, with {@code ret}, {@code kretprobe SYMBOL}. */
    record Kprobe(String symbol, boolean ret) implements Hook {
        /** Rejects a probe without a symbol. */
        public Kprobe {
            Objects.requireNonNull(symbol);
        }

        /** {@code kprobe} or {@code kretprobe}. */
        public String kind() {
            return ret ? "kretprobe" : "kprobe";
        }
    }

    /** {@code uprobe "PATH" SYMBOL} or, with {@code ret}, {@code uretprobe "PATH" SYMBOL}. */
    record Uprobe(String path, String symbol, boolean ret) implements Hook {
        /** Rejects a probe without a path or symbol. */
        public Uprobe {
            Objects.requireNonNull(path);
            Objects.requireNonNull(symbol);
        }

        /** {@code uprobe} or {@code uretprobe}. */
        public String kind() {
            return ret ? "uretprobe" : "uprobe";
        }
    }

    /** {@code tracepoint CATEGORY:EVENT}, e.g. {@code syscalls:sys_enter_openat}. */
    record Tracepoint(String category, String event) implements Hook {
        /** Rejects a tracepoint without its category or event. */
        public Tracepoint {
            Objects.requireNonNull(category);
            Objects.requireNonNull(event);
        }

        /** {@code tracepoint}. */
        public String kind() {
            return "tracepoint";
        }
    }

    /** {@code profile hz N}: CPU-clock sampling on every CPU, {@code hz} times a second. */
    record Profile(long hz) implements Hook {
        /** {@code profile}. */
        public String kind() {
            return "profile";
        }
    }
}
