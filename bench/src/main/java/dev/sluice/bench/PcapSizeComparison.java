package dev.sluice.bench;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.grammar.Scripts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Code size of tcpdump expressions: libpcap's optimised classic BPF ({@code tcpdump -d}, on an
 * empty Ethernet capture) beside the eBPF Sluice compiles for {@code xdp { when pcap "EXPR" { drop
 * } }}, in the same run (docs/PERFORMANCE-PCAP.md, "tcpdump expressions against libpcap"). Both counts
 * are whole programs: libpcap's includes its two {@code ret}s, Sluice's its two context loads
 * (data, data_end) and its two verdicts of two instructions each. "kernel's conversion" is what
 * the kernel makes of libpcap's filter when it is attached to a socket: counted by {@link
 * KernelClassicConversion} (a model of the kernel's converter) and measured by {@link
 * ClassicFilterCharge} (the socket memory the kernel charges), which must agree; "refused" where
 * the kernel does not take the filter (protochain's backward jumps). "checks" counts Sluice's bounds
 * checks (its comparisons with data_end: 2 or 3 instructions each, where classic BPF's loads check
 * implicitly). "bound" is the least an XDP program with libpcap's blocks can take: libpcap's count
 * less its two {@code ret}s, plus the two context loads, the two verdicts of two instructions and,
 * when the filter reads the packet, one bounds check of 3 instructions. "tc LD_ABS" is the whole
 * program Sluice compiles for {@code tc ingress { when pcap "EXPR" { drop } }}, which takes the
 * LD_ABS form (docs/COMPILER-PCAP.md): libpcap's blocks with legacy packet loads, {@code r6 = r1} and two
 * verdicts of two; "(direct)" where the form does not apply (protochain). "tc floor" is the least
 * that form can take for libpcap's code ({@link #floor}). With bpf() at hand (root) both of
 * Sluice's programs are loaded and the kernel's count after verification and rewriting (xlated,
 * BPF_OBJ_GET_INFO_BY_FD) and its JIT's bytes are added. Markdown on standard output. Arguments:
 * {@code --tcpdump PATH}.
 */
public final class PcapSizeComparison {
    /** The expressions measured: one or two of each kind, as people write them. */
    static final List<String> EXPRESSIONS = List.of(
            "tcp", "ip6", "not arp", "tcp port 22", "udp and port 53", "port 80 or port 443", "host 198.18.0.1",
            "src host 10.0.0.1 and dst host 10.0.0.2", "net 10.0.0.0/8", "not net 10.0.0.0/8 and tcp", "ip6 host 2001:db8::1",
            "ether host 02:00:00:00:00:01", "ether broadcast or ether multicast", "portrange 1000-2000",
            "icmp[icmptype] = icmp-echo", "tcp[13] & 2 != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn",
            "tcp[((tcp[12]&0xf0)>>2):4] = 0x47455420", "ip[6:2] & 0x1fff != 0", "greater 1000", "len > 64 and udp",
            "vlan and tcp", "vlan 100 and host 198.18.0.1", "mpls and ip", "pppoes and udp port 53",
            "ip6 and tcp dst port 443", "ip6 protochain 6", "geneve and tcp port 80", "(tcp or udp) and not port 22 and not port 53");

    private PcapSizeComparison() {}

    public static void main(String[] args) throws Exception {
        String tcpdump = args.length == 2 && args[0].equals("--tcpdump") ? args[1] : "tcpdump";
        Path empty = Files.createTempFile("sluice-pcap-size", ".pcap");
        try {
            Files.write(empty, ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).array());
            System.out.println("| expression | libpcap cBPF | kernel's conversion | Sluice eBPF | Sluice / libpcap | checks | bound "
                    + "| Sluice - bound | xdp xlated | xdp jited bytes | tc LD_ABS | tc / libpcap | tc floor | tc - floor | tc xlated "
                    + "| tc xlated / conversion | tc jited bytes |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            int smaller = 0;
            int tcSmaller = 0;
            int tcForms = 0;
            List<Double> xdpRatios = new ArrayList<>();
            List<Double> tcRatios = new ArrayList<>();
            List<Double> xlatedRatios = new ArrayList<>();
            List<Double> xdpXlatedRatios = new ArrayList<>();
            boolean kernel = dev.sluice.testing.KernelTests.bpfUnavailable().isEmpty();
            for (String expr : EXPRESSIONS) {
                List<String> listing = libpcap(tcpdump, empty, expr, "-d").lines().filter(l -> l.startsWith("(")).toList();
                int cbpf = listing.size();
                List<KernelClassicConversion.ClassicInstruction> classic =
                        KernelClassicConversion.ClassicInstruction.parseDecimal(libpcap(tcpdump, empty, expr, "-ddd"));
                OptionalInt modelled = modelled(classic);
                OptionalInt measured = ClassicFilterCharge.convertedLength(classic);
                if (!modelled.equals(measured)) throw new IllegalStateException(expr + ": the model counts " + modelled + ", the kernel holds " + measured);
                int converted = measured.orElse(0);
                int floor = floor(listing);
                CompiledProgram program = sluice(expr);
                int ebpf = program.slots();
                int checks = checks(program);
                int bound = cbpf - 2 + 2 + 4 + (checks > 0 ? 3 : 0);
                if (ebpf <= cbpf) smaller++;
                xdpRatios.add((double) ebpf / cbpf);
                Held xdp = kernel ? held(program) : null;
                if (xdp != null && converted > 0) xdpXlatedRatios.add((double) xdp.xlated() / converted);
                CompiledProgram tc = sluice("tc ingress", expr);
                Held tcHeld = kernel ? held(tc) : null;
                if (tcHeld != null && converted > 0) xlatedRatios.add((double) tcHeld.xlated() / converted);
                String tcForm = tc.ldAbsForm() ? Integer.toString(tc.slots()) : tc.slots() + " (direct)";
                String tcVsFloor = "-";
                String tcRatio = "-";
                if (tc.ldAbsForm()) {
                    tcForms++;
                    if (tc.slots() <= cbpf) tcSmaller++;
                    tcRatios.add((double) tc.slots() / cbpf);
                    tcRatio = String.format(Locale.ROOT, "%.2f", (double) tc.slots() / cbpf);
                    tcVsFloor = Integer.toString(tc.slots() - floor);
                }
                System.out.printf(Locale.ROOT, "| `%s` | %d | %s | %d | %.2f | %d | %d | %d | %s | %s | %s | %s | %d | %s | %s | %s | %s |%n",
                        expr.replace("|", "\\|"), cbpf, converted > 0 ? Integer.toString(converted) : "refused", ebpf, (double) ebpf / cbpf, checks, bound, ebpf - bound,
                        xdp == null ? "-" : xdp.xlated(), xdp == null ? "-" : xdp.jited(), tcForm, tcRatio, floor, tcVsFloor,
                        tcHeld == null ? "-" : tcHeld.xlated(),
                        tcHeld == null || converted == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) tcHeld.xlated() / converted),
                        tcHeld == null ? "-" : tcHeld.jited());
            }
            System.out.printf(Locale.ROOT, "%nSluice (xdp) no larger than libpcap on %d of %d expressions; the tc LD_ABS form on %d of %d.%n",
                    smaller, EXPRESSIONS.size(), tcSmaller, tcForms);
            System.out.printf(Locale.ROOT, "xdp / libpcap %s; tc LD_ABS / libpcap %s%n", spread(xdpRatios), spread(tcRatios));
            if (kernel) {
                System.out.printf(Locale.ROOT, "Held by the kernel, against its conversion of libpcap's filter: tc xlated %s, xdp xlated %s%n",
                        spread(xlatedRatios), spread(xdpXlatedRatios));
            }
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    /** The model's count, or empty where the kernel refuses the filter (its check comes first). */
    private static OptionalInt modelled(List<KernelClassicConversion.ClassicInstruction> classic) {
        try {
            return OptionalInt.of(KernelClassicConversion.convertedLength(classic));
        } catch (IllegalArgumentException refused) {
            return OptionalInt.empty();
        }
    }

    /** A program as the kernel holds it after verification: instructions (BPF_OBJ_GET_INFO_BY_FD) and JIT bytes. */
    private record Held(int xlated, int jited) {}

    private static Held held(CompiledProgram program) {
        try (dev.sluice.runtime.LoadedProgram loaded = dev.sluice.runtime.Kernel.load(program)) {
            dev.sluice.runtime.ProgramInfo info = loaded.program().info();
            return new Held(info.xlatedInstructions(), info.jitedBytes());
        }
    }

    /** "least to most, median m" of ratios. */
    private static String spread(List<Double> ratios) {
        if (ratios.isEmpty()) return "-";
        List<Double> sorted = ratios.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format(Locale.ROOT, "%.2f to %.2f, median %.2f (%d)", sorted.get(0), sorted.get(n - 1), median, n);
    }

    /** libpcap's optimised code as {@code tcpdump -d} (one instruction a line) or {@code -ddd} (decimal) prints it. */
    private static String libpcap(String tcpdump, Path capture, String expr, String form) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(tcpdump, form, "-r", capture.toString(), "--", expr).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("tcpdump refused " + expr);
        return out;
    }

    /**
     * The least the LD_ABS form can take for libpcap's code, one eBPF instruction per classic one
     * but: {@code r6 = r1} first (LD_ABS wants the context there), each {@code ret} (one) a verdict
     * of two ({@code r0 = K; exit}; the form has two), and each {@code ldxb 4*([k]&0xf)} (one; eBPF
     * has no MSH) four: the byte, a move into the index register, a mask and a shift.
     */
    private static int floor(List<String> listing) {
        long rets = listing.stream().filter(l -> l.matches("\\(\\d+\\) ret .*")).count();
        long msh = listing.stream().filter(l -> l.contains("ldxb") && l.contains("4*(")).count();
        return (int) (listing.size() - rets + 1 + 2 * 2 + 3 * msh);
    }

    /** Comparisons with data_end (r8, where the packet parser keeps it): one per bounds check. */
    private static int checks(CompiledProgram program) {
        int n = 0;
        for (dev.sluice.compiler.isa.Instruction i : program.code().instructions()) {
            if (i instanceof dev.sluice.compiler.isa.Instruction.Jump j && j.src() instanceof dev.sluice.compiler.isa.Operand.Reg r
                    && r.register() == dev.sluice.compiler.isa.Register.R8) n++;
        }
        return n;
    }

    private static CompiledProgram sluice(String expr) {
        return sluice("xdp", expr);
    }

    private static CompiledProgram sluice(String hook, String expr) {
        Scripts.Result r = Scripts.parse(hook + " { when pcap \"" + expr.replace("\\", "\\\\") + "\" { drop } }", "size.ebpf", Path.of("."));
        if (!r.ok()) throw new IllegalStateException(expr + ": " + r.render());
        List<CompiledProgram> programs = SluiceCompiler.compile(r.script().orElseThrow().programs(), dev.sluice.runtime.Tracefs::format);
        return programs.get(0);
    }
}
