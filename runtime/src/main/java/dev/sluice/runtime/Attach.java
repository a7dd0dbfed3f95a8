package dev.sluice.runtime;

import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.LinkCreateAttr;
import dev.sluice.runtime.sys.Native;
import dev.sluice.runtime.sys.NativeBuffer;
import dev.sluice.runtime.sys.PerfEventAttr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Attaching loaded programs to their hooks; each method returns a {@link Link} that detaches on close. */
public final class Attach {
    static final int ATTACH_CGROUP_INET_INGRESS = 0;
    static final int ATTACH_CGROUP_INET_EGRESS = 1;
    static final int ATTACH_CGROUP_DEVICE = 6;
    static final int ATTACH_XDP = 37;
    static final int ATTACH_PERF_EVENT = 41;
    static final int ATTACH_TCX_INGRESS = 46;
    static final int ATTACH_TCX_EGRESS = 47;
    private static final int O_DIRECTORY_CLOEXEC = 0x10000 | 0x80000;
    private static final long PERF_EVENT_IOC_DISABLE = 0x2401;
    private static final String NETWORK = "CAP_BPF and CAP_NET_ADMIN";
    private static final String TRACING = "CAP_BPF and CAP_PERFMON";

    private Attach() {}

    /** XDP on interface {@code ifindex} of the calling thread's network namespace, as a bpf_link. */
    public static Link xdp(BpfProgram program, int ifindex, XdpMode mode) {
        requireType(program, ProgramType.XDP);
        String what = "XDP (" + mode.name().toLowerCase() + ") on ifindex " + ifindex;
        long r = linkCreate(program.fd(), ifindex, ATTACH_XDP, mode.flag());
        if (r < 0) {
            int errno = (int) -r;
            String why;
            if (errno == Errno.EBUSY || errno == Errno.EEXIST) why = "another XDP program is already attached there";
            else if (errno == Errno.EINVAL && mode == XdpMode.OFFLOAD) why = "the driver cannot run XDP in offload mode";
            else if (errno == Errno.EOPNOTSUPP) why = "the driver cannot run XDP in " + mode.name().toLowerCase() + " mode";
            else if (errno == Errno.EINVAL) why = "no such interface, or the driver refuses this mode";
            else why = Errno.describe(errno);
            throw failure(BpfCommand.LINK_CREATE, errno, what, why, NETWORK);
        }
        return new Link(what, new FileDescriptor((int) r), List.of());
    }

    /**
     * As {@link #xdp(BpfProgram, int, XdpMode)}, by interface name; an unknown name is an {@link
     * IllegalArgumentException}.
     */
    public static Link xdp(BpfProgram program, String ifname, XdpMode mode) {
        return xdp(program, Interfaces.index(ifname), mode);
    }

    /** Which way a tcx program sees packets. */
    public enum Direction {
        /** Packets arriving on the interface (BPF_TCX_INGRESS). */
        INGRESS,
        /** Packets leaving through the interface (BPF_TCX_EGRESS). */
        EGRESS
    }

    /** tc (SCHED_CLS, direct action) on an interface as a tcx link (Linux 6.6 and later). */
    public static Link tcx(BpfProgram program, int ifindex, Direction direction) {
        requireType(program, ProgramType.SCHED_CLS);
        String what = "tcx " + direction.name().toLowerCase() + " on ifindex " + ifindex;
        long r = linkCreate(program.fd(), ifindex, direction == Direction.INGRESS ? ATTACH_TCX_INGRESS : ATTACH_TCX_EGRESS, 0);
        if (r < 0) {
            int errno = (int) -r;
            throw failure(BpfCommand.LINK_CREATE, errno, what, errno == Errno.EINVAL
                    ? "no such interface, or this kernel has no tcx links (they need Linux 6.6 or later)"
                    : Errno.describe(errno), NETWORK);
        }
        return new Link(what, new FileDescriptor((int) r), List.of());
    }

    /** As {@link #tcx(BpfProgram, int, Direction)}, by interface name. */
    public static Link tcx(BpfProgram program, String ifname, Direction direction) {
        return tcx(program, Interfaces.index(ifname), direction);
    }

    /** Where on a cgroup a program attaches. */
    public enum CgroupHook {
        /** Packets received by the cgroup's sockets (BPF_CGROUP_INET_INGRESS). */
        INGRESS,
        /** Packets sent by the cgroup's sockets (BPF_CGROUP_INET_EGRESS). */
        EGRESS,
        /** Device node accesses by the cgroup's tasks (BPF_CGROUP_DEVICE). */
        DEVICE
    }

    /** cgroup_skb ingress/egress or cgroup_device on a cgroup v2 directory, as a link. */
    public static Link cgroup(BpfProgram program, Path cgroup, CgroupHook hook) {
        requireType(program, hook == CgroupHook.DEVICE ? ProgramType.CGROUP_DEVICE : ProgramType.CGROUP_SKB);
        int dir = Native.libc().open(cgroup.toString(), O_DIRECTORY_CLOEXEC);
        if (dir < 0) {
            throw SystemCallException.of("open", Native.errno(), "opening cgroup " + cgroup, "CAP_DAC_READ_SEARCH");
        }
        FileDescriptor cgroupFd = new FileDescriptor(dir);
        int type = hook == CgroupHook.INGRESS ? ATTACH_CGROUP_INET_INGRESS
                : hook == CgroupHook.EGRESS ? ATTACH_CGROUP_INET_EGRESS : ATTACH_CGROUP_DEVICE;
        String what = "cgroup " + hook.name().toLowerCase() + " on " + cgroup;
        long r = linkCreate(program.fd(), dir, type, 0);
        if (r < 0) {
            cgroupFd.close();
            throw failure(BpfCommand.LINK_CREATE, (int) -r, what, Errno.describe((int) -r), NETWORK);
        }
        return new Link(what, new FileDescriptor((int) r), List.of(cgroupFd));
    }

    /** A socket filter on a socket the caller owns; closing the link detaches it (SO_DETACH_BPF). */
    public static Link socketFilter(BpfProgram program, int socketFd) {
        requireType(program, ProgramType.SOCKET_FILTER);
        try (NativeBuffer value = NativeBuffer.of(Codec.U32.encode(program.fd()))) {
            if (Native.libc().setsockopt(socketFd, 1, 50, value.pointer(), 4) != 0) {
                int errno = Native.errno();
                throw failure(BpfCommand.PROG_ATTACH, errno, "socket filter on fd " + socketFd, Errno.describe(errno), "CAP_BPF");
            }
        }
        AutoCloseable detach = () -> {
            try (NativeBuffer value = NativeBuffer.of(Codec.U32.encode(program.fd()))) {
                Native.libc().setsockopt(socketFd, 1, 27, value.pointer(), 4);
            }
        };
        return new Link("socket filter on fd " + socketFd, new FileDescriptor(dupOf(socketFd)), List.of(detach));
    }

    private static int dupOf(int fd) {
        // The link's own descriptor keeps the socket alive as long as the filter is meant to run.
        int copy = Native.libc().dup(fd);
        if (copy < 0) throw SystemCallException.of("dup", Native.errno(), "keeping fd " + fd + " for a link", "CAP_BPF");
        return copy;
    }

    /**
     * A uprobe (or uretprobe) on {@code symbol} of {@code binary}, optionally only for process
     * {@code pid}. The symbol's file offset comes from the ELF's static or dynamic symbol table.
     */
    public static Link uprobe(BpfProgram program, Path binary, String symbol, boolean ret, OptionalInt pid) {
        requireType(program, ProgramType.KPROBE);
        return probe(program, ProbeEvent.uprobe(binary, symbol, ret, pid));
    }

    /** kprobe/kretprobe through the kprobe PMU; on kernels without it, an {@link UnsupportedException}. */
    public static Link kprobe(BpfProgram program, String symbol, boolean ret) {
        requireType(program, ProgramType.KPROBE);
        return probe(program, ProbeEvent.kprobe(symbol, ret));
    }

    /** A tracepoint by category and name; tracefs is mounted at /sys/kernel/tracing when it is not there. */
    public static Link tracepoint(BpfProgram program, String category, String name) {
        requireType(program, ProgramType.TRACEPOINT);
        return probe(program, ProbeEvent.tracepoint(category, name));
    }

    /**
     * Links {@code program} to a probe's perf event opened ahead ({@link ProbeEvent#open}); the link
     * owns the event from then on. A program of the wrong type is an {@link IllegalArgumentException}
     * and leaves the event to the caller; a refused link closes it.
     */
    public static Link probe(BpfProgram program, ProbeEvent event) {
        requireType(program, event.type());
        return linkPerfEvent(program, event.take(), event.description());
    }

    /** CPU-clock sampling at {@code hz} on every CPU, one perf event and link per CPU, as one Link. */
    public static Link perfEvent(BpfProgram program, int hz) {
        requireType(program, ProgramType.PERF_EVENT);
        List<AutoCloseable> parts = new ArrayList<>();
        String what = "profile at " + hz + " Hz";
        try {
            for (int cpu : onlineCpus()) {
                try (PerfEventAttr attr = new PerfEventAttr()) {
                    attr.type(PerfEventAttr.TYPE_SOFTWARE).config(PerfEventAttr.SW_CPU_CLOCK).sampleFrequency(hz);
                    FileDescriptor event = ProbeEvent.perfEventOpen(attr, -1, cpu, what + " on cpu " + cpu);
                    parts.add(linkPerfEvent(program, event, what + " on cpu " + cpu));
                }
            }
        } catch (RuntimeException e) {
            for (AutoCloseable c : parts) closeQuietly(c);
            throw e;
        }
        FileDescriptor marker = new FileDescriptor(dupOf(((Link) parts.get(0)).fd()));
        return new Link(what, marker, parts);
    }

    static List<Integer> onlineCpus() {
        try {
            String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
            List<Integer> out = new ArrayList<>();
            for (String part : online.split(",")) {
                String[] b = part.split("-");
                int lo = Integer.parseInt(b[0]);
                int hi = Integer.parseInt(b[b.length - 1]);
                for (int c = lo; c <= hi; c++) out.add(c);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            List<Integer> out = new ArrayList<>();
            for (int c = 0; c < Runtime.getRuntime().availableProcessors(); c++) out.add(c);
            return out;
        }
    }

    private static Link linkPerfEvent(BpfProgram program, FileDescriptor event, String what) {
        long r = linkCreate(program.fd(), event.number(), ATTACH_PERF_EVENT, 0);
        if (r < 0) {
            event.close();
            throw failure(BpfCommand.LINK_CREATE, (int) -r, what, Errno.describe((int) -r), TRACING);
        }
        AutoCloseable stop = () -> {
            Native.libc().ioctl(event.number(), PERF_EVENT_IOC_DISABLE, 0);
            event.close();
        };
        return new Link(what, new FileDescriptor((int) r), List.of(stop));
    }

    private static long linkCreate(int programFd, int target, int attachType, int flags) {
        try (LinkCreateAttr attr = new LinkCreateAttr()) {
            attr.program(programFd).target(target).attachType(attachType).flags(flags);
            return Bpf.callRaw(BpfCommand.LINK_CREATE, attr.buffer());
        }
    }

    private static void requireType(BpfProgram program, ProgramType type) {
        if (program.type() != type) {
            throw new IllegalArgumentException("program " + program.name() + " is " + program.type().kernelName()
                    + "; this hook needs " + type.kernelName());
        }
    }

    /** EPERM on attach: the capabilities a link of this kind needs. */
    private static KernelException failure(BpfCommand command, int errno, String what, String why, String capabilities) {
        if (errno == Errno.EPERM) return new PermissionException(command, "attaching " + what, capabilities);
        return new AttachException(command, errno, "attaching " + what + " failed: " + why);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort during a failed attach
        }
    }
}
