package dev.sluice.runtime.probe;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.HelperNames;
import dev.sluice.compiler.isa.Insns;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Operand;
import dev.sluice.compiler.isa.Register;
import dev.sluice.runtime.Tracefs;
import dev.sluice.runtime.UnsupportedException;
import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.MapCreateAttr;
import dev.sluice.runtime.sys.Native;
import dev.sluice.runtime.sys.NativeBuffer;
import dev.sluice.runtime.sys.PerfEventAttr;
import dev.sluice.runtime.sys.ProgLoadAttr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What this kernel supports, probed the way {@code bpftool feature probe} does: by loading a
 * minimal program of each type, creating a minimal map of each type, calling each helper from the
 * program types Sluice generates, and checking attach kinds and instruction set extensions. Only a
 * definite answer says yes or no; anything else is unknown with the reason. Results are cached.
 */
public final class FeatureProbe {
    /** The program types Sluice emits; helpers are probed for these. */
    static final List<String> HELPER_PROGRAM_TYPES = List.of(
            "socket_filter", "kprobe", "sched_cls", "tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_device");

    private static volatile Features cached;

    private FeatureProbe() {}

    /**
     * This kernel's features; the first call probes (loading programs and creating maps, which takes
     * privilege), later calls return the cached result.
     */
    public static Features probe() {
        Features f = cached;
        if (f == null) {
            synchronized (FeatureProbe.class) {
                if (cached == null) cached = run();
                f = cached;
            }
        }
        return f;
    }

    private static Features run() {
        Map<String, Support> programs = new LinkedHashMap<>();
        for (ProgramTypeProbe p : ProgramTypeProbe.ALL) programs.put(p.name(), programType(p));
        Map<String, Support> maps = new LinkedHashMap<>();
        for (MapTypeProbe m : MapTypeProbe.ALL) maps.put(m.name(), mapType(m));
        Map<String, List<String>> helpers = new LinkedHashMap<>();
        for (ProgramTypeProbe p : ProgramTypeProbe.ALL) {
            if (HELPER_PROGRAM_TYPES.contains(p.name()) && programs.get(p.name()).kind() == Support.Kind.YES) {
                helpers.put(p.name(), helpers(p));
            }
        }
        Map<String, Support> attach = new LinkedHashMap<>();
        String btf = kernelBtfStrings();
        attach.put("xdp_link", enumerator(btf, "BPF_LINK_TYPE_XDP"));
        attach.put("tcx", enumerator(btf, "BPF_TCX_INGRESS"));
        attach.put("cgroup_link", enumerator(btf, "BPF_LINK_TYPE_CGROUP"));
        attach.put("kprobe", pmu("kprobe"));
        attach.put("uprobe", pmu("uprobe"));
        attach.put("tracepoint", tracepoints());
        attach.put("perf_event", perfEvents());
        Map<String, Support> isa = new LinkedHashMap<>();
        isa.put("v2", load(2, isaV2(), OptionalInt.empty(), 0));
        isa.put("v3", load(2, isaV3(), OptionalInt.empty(), 0));
        isa.put("v4", load(2, isaV4(), OptionalInt.empty(), 0));
        Map<String, Support> misc = new LinkedHashMap<>();
        misc.put("bounded_loops", load(2, boundedLoop(), OptionalInt.empty(), 0));
        misc.put("ring_buffer", maps.get("ringbuf"));
        return new Features(kernelRelease(), programs, maps, helpers, attach, isa, misc);
    }

    private static Code trivial() {
        return new CodeBuilder().mov64(Register.R0, 0).exit().build();
    }

    private static Support programType(ProgramTypeProbe p) {
        if (!p.needsBtf().isEmpty()) return Support.unknown("needs " + p.needsBtf());
        Support s = load(p.number(), trivial(), p.expectedAttachType(), p.flags());
        // struct_ops programs exist only with a BTF-described ops table; ENOTSUPP says the type is known.
        if (p.name().equals("struct_ops") && s.reason().equals(Errno.name(Errno.ENOTSUPP))) return Support.YES;
        return s;
    }

    private static Support load(int type, Code code, OptionalInt attachType, int flags) {
        long r = loadRaw(type, code, attachType, flags, null);
        if (r >= 0) {
            Native.close((int) r);
            return Support.YES;
        }
        int errno = (int) -r;
        if (errno == Errno.EINVAL) return Support.NO;
        return Support.unknown(Errno.name(errno));
    }

    private static long loadRaw(int type, Code code, OptionalInt attachType, int flags, NativeBuffer log) {
        try (NativeBuffer insns = NativeBuffer.of(code.encode()); NativeBuffer license = NativeBuffer.cString("GPL");
             ProgLoadAttr attr = new ProgLoadAttr()) {
            attr.programType(type).instructions(insns).license(license).flags(flags);
            attachType.ifPresent(attr::expectedAttachType);
            if (log != null) attr.log(1, log);
            return Bpf.callRaw(BpfCommand.PROG_LOAD, attr.buffer());
        }
    }

    private static Support mapType(MapTypeProbe m) {
        if (m.needs() == MapTypeProbe.Needs.STORAGE_BTF) return BtfMapProbes.localStorage(m);
        if (m.needs() == MapTypeProbe.Needs.STRUCT_OPS_TYPE) return BtfMapProbes.structOps(m);
        int inner = -1;
        if (m.needs() == MapTypeProbe.Needs.INNER_MAP) {
            try (MapCreateAttr attr = new MapCreateAttr()) {
                attr.type(2).sizes(4, 4, 1);
                inner = (int) Bpf.callRaw(BpfCommand.MAP_CREATE, attr.buffer());
            }
            if (inner < 0) return Support.unknown("cannot create an inner map: " + Errno.name(-inner));
        }
        try (MapCreateAttr attr = new MapCreateAttr()) {
            attr.type(m.number()).sizes(m.keySize(), m.valueSize(), m.maxEntries()).flags(m.flags());
            if (inner >= 0) attr.innerMap(inner);
            long r = Bpf.callRaw(BpfCommand.MAP_CREATE, attr.buffer());
            if (r >= 0) {
                Native.close((int) r);
                return Support.YES;
            }
            return -r == Errno.EINVAL ? Support.NO : Support.unknown(Errno.name((int) -r));
        } finally {
            if (inner >= 0) Native.close(inner);
        }
    }

    /**
     * As libbpf, a helper is missing when the verifier says "invalid func" or "unknown func"; newer
     * kernels (6.18 here) say "program of this type cannot use helper", which libbpf 1.1 (bpftool
     * 7.1) does not know, so bpftool lists such helpers as available.
     */
    private static List<String> helpers(ProgramTypeProbe p) {
        List<String> out = new ArrayList<>();
        try (NativeBuffer log = NativeBuffer.allocate(4096)) {
            for (int id = 1; id <= HelperNames.MAX_ID; id++) {
                Code code = new CodeBuilder().call(id).mov64(Register.R0, 0).exit().build();
                log.pointer().putByte(0, (byte) 0);
                long r = loadRaw(p.number(), code, p.expectedAttachType(), p.flags(), log);
                if (r >= 0) Native.close((int) r);
                String text = log.cString();
                if (r < 0 && (text.contains("invalid func ") || text.contains("unknown func ")
                        || text.contains("cannot use helper"))) continue;
                HelperNames.of(id).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Code isaV2() {
        return new CodeBuilder().mov64(Register.R0, 0).add(Insns.jump(JumpOp.JLT, Register.R0, 1, 0)).exit().build();
    }

    private static Code isaV3() {
        return new CodeBuilder().alu32(AluOp.MOV, Register.R0, 0)
                .add(new Instruction.Jump(true, JumpOp.JLT, Register.R0, Operand.imm(1), 0)).exit().build();
    }

    private static Code isaV4() {
        return new CodeBuilder().mov64(Register.R0, 6).alu64(AluOp.SDIV, Register.R0, 3)
                .add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.SWAP, 16, Register.R0))
                .add(new Instruction.Goto(0, true)).exit().build();
    }

    private static Code boundedLoop() {
        CodeBuilder b = new CodeBuilder();
        Label top = b.newLabel();
        return b.mov64(Register.R0, 0).bind(top).alu64(AluOp.ADD, Register.R0, 1)
                .jump(JumpOp.JLT, Register.R0, 10, top).mov64(Register.R0, 0).exit().build();
    }

    private static String kernelBtfStrings() {
        try {
            return new String(Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux")), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the kernel's BTF names an enumerator, e.g. BPF_TCX_INGRESS: the kernel has that attach kind. */
    private static Support enumerator(String btf, String name) {
        if (btf == null) return Support.unknown("no /sys/kernel/btf/vmlinux");
        return btf.contains("\0" + name + "\0") ? Support.YES : Support.NO;
    }

    private static Support pmu(String name) {
        Path type = Path.of("/sys/bus/event_source/devices", name, "type");
        if (Files.exists(type)) return Support.YES;
        return Files.isDirectory(Path.of("/sys/bus/event_source/devices")) ? Support.NO
                : Support.unknown("no /sys/bus/event_source/devices");
    }

    private static Support tracepoints() {
        try {
            return Files.isDirectory(Tracefs.events()) ? Support.YES : Support.NO;
        } catch (UnsupportedException e) {
            return Support.unknown(e.getMessage());
        }
    }

    private static Support perfEvents() {
        try (PerfEventAttr attr = new PerfEventAttr()) {
            attr.type(PerfEventAttr.TYPE_SOFTWARE).config(PerfEventAttr.SW_CPU_CLOCK).sampleFrequency(1);
            long r = Native.libc().syscall(Native.SYS_PERF_EVENT_OPEN, attr.buffer().pointer(), -1, 0, -1, 8);
            if (r >= 0) {
                Native.close((int) r);
                return Support.YES;
            }
            int errno = Native.errno();
            return errno == Errno.ENOENT || errno == Errno.EOPNOTSUPP ? Support.NO : Support.unknown(Errno.name(errno));
        }
    }

    private static String kernelRelease() {
        String version = System.getProperty("os.version", "unknown");
        int cut = 0;
        while (cut < version.length() && (Character.isDigit(version.charAt(cut)) || version.charAt(cut) == '.')) cut++;
        return cut == 0 ? version : version.substring(0, cut);
    }
}
