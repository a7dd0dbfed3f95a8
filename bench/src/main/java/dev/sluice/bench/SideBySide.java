package dev.sluice.bench;

import static dev.sluice.dsl.Sluice.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.elf.ElfObject;
import dev.sluice.compiler.elf.ElfSection;
import dev.sluice.compiler.elf.ElfSymbol;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.ProgramStep;
import dev.sluice.dsl.model.Program;
import dev.sluice.runtime.BpfMap;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.LoadRequest;
import dev.sluice.runtime.LoadedObject;
import dev.sluice.runtime.MapBinding;
import dev.sluice.runtime.MapGroup;
import dev.sluice.runtime.ProgramType;
import dev.sluice.runtime.TestRunRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sluice-compiled XDP filters side by side with the same filters written in C and compiled by
 * clang -O2 and clang -O2 -mcpu=v3: instruction slots, verifier-processed instructions, and
 * ns/packet through BPF_PROG_TEST_RUN (the kernel's average over {@code --repeat} runs), the three
 * programs alternated within each round and the minimum over rounds kept. Every program's verdict
 * is checked on every frame before anything is timed; a disagreement is reported in the table.
 *
 * <p>Run: {@code bench/side-by-side.sh} (builds, compiles the C in {@code bench/c} with clang,
 * writes the markdown to {@code bench/target/side-by-side/result.md} and stdout). Needs root (or
 * CAP_BPF + CAP_NET_ADMIN), clang and libbpf-dev.
 */
public final class SideBySide {
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;

    /** A frame, what it is called in the table, and the verdict the filter's definition gives it. */
    record Packet(String label, byte[] frame, int expected) {}

    /**
     * One filter: the Sluice program; the C source (a file in the C directory, or generated text);
     * the C function; how to fill the C object's maps; the frames timed; extra frames only checked.
     */
    record Filter(int number, String title, Program sluice, String cFile, String cText, String function,
                  Consumer<LoadedObject> fill, List<Packet> timed, List<Packet> checked) {}

    /** A loaded program of either side, with its size and the verifier's count. */
    record Side(String label, BpfProgram program, int slots, int processed, AutoCloseable owner) {}

    /** What one filter measured. */
    record Row(Filter filter, Side[] sides, long[][] ns, List<String> disagreements) {}

    static final String OUTSIDE = "93.184.216.34";
    static final String SERVER = "198.51.100.1";
    static final String V6_SRC = "2001:db8::1";
    static final String V6_DST = "2001:db8::2";

    static final String[] BOGONS = {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
    };

    public static void main(String[] args) throws Exception {
        Path cDir = Path.of("bench/c");
        Path work = Path.of("bench/target/side-by-side");
        int rounds = 7;
        int repeat = 1_000_000;
        String clang = "clang";
        Set<Integer> only = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--c-dir" -> cDir = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--clang" -> clang = args[++i];
                case "--only" -> {
                    for (String n : args[++i].split(",")) only.add(Integer.parseInt(n.trim()));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--c-dir DIR --work DIR --rounds N --repeat N --clang PATH --only 1,2,...)");
            }
        }
        Files.createDirectories(work);
        List<Row> rows = new ArrayList<>();
        for (Filter f : filters()) {
            if (!only.isEmpty() && !only.contains(f.number())) continue;
            System.err.printf("filter %d: %s%n", f.number(), f.title());
            rows.add(measure(f, cDir, work, clang, rounds, repeat));
        }
        String table = markdown(rows, rounds, repeat);
        Files.writeString(work.resolve("result.md"), table);
        System.out.print(table);
    }

    // ---------------------------------------------------------------- the filters

    static List<Filter> filters() {
        List<Filter> out = new ArrayList<>();
        byte[] v6 = Frames.tcp6(V6_SRC, V6_DST, 80, Frames.ACK);
        byte[] other4 = Frames.tcp4(OUTSIDE, SERVER, 80, Frames.ACK);

        out.add(new Filter(1, "tcp dport 22", xdp("f1_tcp22").when(tcp().dport(22)).drop(),
                "f1_tcp22.c", null, "tcp22", o -> {},
                timed(Frames.tcp4(OUTSIDE, SERVER, 22, Frames.SYN), other4, v6, XDP_DROP, XDP_PASS, XDP_PASS),
                List.of(p("IPv6 tcp/22", Frames.tcp6(V6_SRC, V6_DST, 22, Frames.SYN), XDP_DROP),
                        p("VLAN IPv4 tcp/22", Frames.tcp4Vlan(OUTSIDE, SERVER, 22, Frames.SYN), XDP_DROP),
                        p("VLAN IPv6 tcp/22", Frames.tcp6Vlan(V6_SRC, V6_DST, 22, Frames.SYN), XDP_DROP),
                        p("IPv4 udp/22", Frames.udp4(OUTSIDE, SERVER, 22), XDP_PASS))));

        out.add(new Filter(2, "tcp dport 22 unless IPv4 src in 10.0.0.0/8",
                xdp("f2_tcp22_unless").when(tcp().dport(22).and(not(ip().src().in("10.0.0.0/8")))).drop(),
                "f2_tcp22_unless_10.c", null, "tcp22_unless", o -> {},
                timed(Frames.tcp4(OUTSIDE, SERVER, 22, Frames.SYN), other4, v6, XDP_DROP, XDP_PASS, XDP_PASS),
                List.of(p("IPv4 tcp/22 from 10.1.2.3", Frames.tcp4("10.1.2.3", SERVER, 22, Frames.SYN), XDP_PASS),
                        p("IPv6 tcp/22", Frames.tcp6(V6_SRC, V6_DST, 22, Frames.SYN), XDP_DROP),
                        p("VLAN IPv4 tcp/22 from 10.1.2.3", Frames.tcp4Vlan("10.1.2.3", SERVER, 22, Frames.SYN), XDP_PASS))));

        out.add(new Filter(3, "udp dport in {53,123,161,1900,11211}",
                xdp("f3_udp_ports").when(udp().dport().in(53, 123, 161, 1900, 11211)).drop(),
                "f3_udp_ports.c", null, "udp_ports", o -> {},
                timed(Frames.udp4(OUTSIDE, SERVER, 123), other4, v6, XDP_DROP, XDP_PASS, XDP_PASS),
                List.of(p("IPv4 udp/11211", Frames.udp4(OUTSIDE, SERVER, 11211), XDP_DROP),
                        p("IPv4 udp/54", Frames.udp4(OUTSIDE, SERVER, 54), XDP_PASS),
                        p("IPv4 tcp/53", Frames.tcp4(OUTSIDE, SERVER, 53, Frames.SYN), XDP_PASS),
                        p("IPv6 udp/53", Frames.udp6(V6_SRC, V6_DST, 53), XDP_DROP))));

        out.add(new Filter(4, "tcp SYN without ACK to 1000..2000",
                xdp("f4_syn_range").when(tcp().syn().and(not(tcp().ack())).and(tcp().dport().in(range(1000, 2000)))).drop(),
                "f4_syn_range.c", null, "syn_range", o -> {},
                timed(Frames.tcp4(OUTSIDE, SERVER, 1500, Frames.SYN), other4, v6, XDP_DROP, XDP_PASS, XDP_PASS),
                List.of(p("IPv4 SYN+ACK to 1500", Frames.tcp4(OUTSIDE, SERVER, 1500, Frames.SYN | Frames.ACK), XDP_PASS),
                        p("IPv4 SYN to 1000", Frames.tcp4(OUTSIDE, SERVER, 1000, Frames.SYN), XDP_DROP),
                        p("IPv4 SYN to 2000", Frames.tcp4(OUTSIDE, SERVER, 2000, Frames.SYN), XDP_DROP),
                        p("IPv4 SYN to 2001", Frames.tcp4(OUTSIDE, SERVER, 2001, Frames.SYN), XDP_PASS),
                        p("IPv4 SYN to 999", Frames.tcp4(OUTSIDE, SERVER, 999, Frames.SYN), XDP_PASS),
                        p("IPv6 SYN to 1500", Frames.tcp6(V6_SRC, V6_DST, 1500, Frames.SYN), XDP_DROP))));

        out.add(new Filter(5, "IPv4 src in 16 CIDRs", xdp("f5_cidrs16").when(ip().src().in(BOGONS)).drop(),
                "f5_16_cidrs.c", null, "cidrs16", o -> {},
                timed(Frames.tcp4("172.16.5.9", SERVER, 80, Frames.ACK), other4, v6, XDP_DROP, XDP_PASS, XDP_PASS),
                List.of(p("IPv4 from 255.255.255.255", Frames.tcp4("255.255.255.255", SERVER, 80, Frames.ACK), XDP_DROP),
                        p("IPv4 from 0.1.2.3", Frames.tcp4("0.1.2.3", SERVER, 80, Frames.ACK), XDP_DROP),
                        p("IPv4 from 100.128.0.1", Frames.tcp4("100.128.0.1", SERVER, 80, Frames.ACK), XDP_PASS),
                        p("IPv4 from 198.20.0.1", Frames.tcp4("198.20.0.1", SERVER, 80, Frames.ACK), XDP_PASS),
                        p("IPv4 from 198.19.255.255", Frames.tcp4("198.19.255.255", SERVER, 80, Frames.ACK), XDP_DROP),
                        p("IPv4 from 239.1.1.1", Frames.tcp4("239.1.1.1", SERVER, 80, Frames.ACK), XDP_DROP))));

        out.add(new Filter(6, "IPv6 tcp dport 443", xdp("f6_ip6_tcp443").when(ip6().and(tcp().dport(443))).drop(),
                "f6_ip6_tcp443.c", null, "ip6_tcp443", o -> {},
                List.of(p("IPv6 tcp/443 (match)", Frames.tcp6(V6_SRC, V6_DST, 443, Frames.SYN), XDP_DROP),
                        p("IPv4 tcp/80", other4, XDP_PASS),
                        p("IPv6 tcp/80", v6, XDP_PASS)),
                List.of(p("IPv4 tcp/443", Frames.tcp4(OUTSIDE, SERVER, 443, Frames.SYN), XDP_PASS),
                        p("VLAN IPv6 tcp/443", Frames.tcp6Vlan(V6_SRC, V6_DST, 443, Frames.SYN), XDP_DROP))));

        out.add(new Filter(7, "count by IP protocol (no drop)",
                xdp("f7_count_proto").when(ip()).countBy("protos", ip().proto()).end(),
                "f7_count_proto.c", null, "count_proto", o -> {},
                List.of(p("IPv4 udp/53 (counted)", Frames.udp4(OUTSIDE, SERVER, 53), XDP_PASS),
                        p("IPv4 tcp/80 (counted)", other4, XDP_PASS),
                        p("IPv6 tcp/80", v6, XDP_PASS)),
                List.of()));

        List<int[]> prefixes = prefixes(10_000, 8);
        String[] prefixText = prefixes.stream().map(SideBySide::cidr).toArray(String[]::new);
        int[] inside = prefixes.get(5_000);
        String insideAddress = dotted(inside[0] | (int) (0x5a5a5a5aL & ~mask(inside[1])));
        NamedSet blocked = set("blocked", prefixText);
        out.add(new Filter(8, "IPv4 src in 10,000 prefixes (clang: LPM trie)",
                xdp("f8_prefixes").when(ip().src().in(blocked)).drop(),
                "f8_lpm_10000.c", null, "lpm10000", o -> fillTrie(o.map("blocked"), prefixes),
                timed(Frames.tcp4(insideAddress, SERVER, 80, Frames.ACK), other4, v6, XDP_DROP, XDP_PASS, XDP_PASS),
                List.of(p("IPv4 from prefix #0", Frames.tcp4(dotted(prefixes.get(0)[0]), SERVER, 80, Frames.ACK), XDP_DROP),
                        p("IPv4 from prefix #9999", Frames.tcp4(dotted(prefixes.get(9_999)[0]), SERVER, 80, Frames.ACK), XDP_DROP))));

        // The same prefixes written inline: not updatable at run time, but compiled into a comparison tree.
        out.add(new Filter(10, "8 written inline (a comparison tree; clang: LPM trie)",
                xdp("f10_inline").when(ip().src().in(prefixText)).drop(),
                "f8_lpm_10000.c", null, "lpm10000", o -> fillTrie(o.map("blocked"), prefixes),
                timed(Frames.tcp4(insideAddress, SERVER, 80, Frames.ACK), other4, v6, XDP_DROP, XDP_PASS, XDP_PASS),
                List.of(p("IPv4 from prefix #0", Frames.tcp4(dotted(prefixes.get(0)[0]), SERVER, 80, Frames.ACK), XDP_DROP),
                        p("IPv4 from prefix #9999", Frames.tcp4(dotted(prefixes.get(9_999)[0]), SERVER, 80, Frames.ACK), XDP_DROP))));

        List<Integer> addresses = addresses(1_000, 9);
        ProgramStep rules = xdp("f9_addrs1000");
        for (int a : addresses) rules = rules.when(ip().src().eq(dotted(a))).drop();
        out.add(new Filter(9, "1,000 rules ip.src == A -> drop (clang: switch)", rules,
                "f9_addrs1000.c", switchSource(addresses), "addrs1000", o -> {},
                timed(Frames.tcp4(dotted(addresses.get(500)), SERVER, 80, Frames.ACK), other4, v6, XDP_DROP, XDP_PASS, XDP_PASS),
                List.of(p("IPv4 from address #0", Frames.tcp4(dotted(addresses.get(0)), SERVER, 80, Frames.ACK), XDP_DROP),
                        p("IPv4 from address #999", Frames.tcp4(dotted(addresses.get(999)), SERVER, 80, Frames.ACK), XDP_DROP),
                        p("IPv4 from address #999 + 1", Frames.tcp4(dotted(addresses.get(999) + 1), SERVER, 80, Frames.ACK),
                                addresses.contains(addresses.get(999) + 1) ? XDP_DROP : XDP_PASS))));
        return out;
    }

    static Packet p(String label, byte[] frame, int expected) {
        return new Packet(label, frame, expected);
    }

    static List<Packet> timed(byte[] match, byte[] other4, byte[] v6, int matchVerdict, int other4Verdict, int v6Verdict) {
        return List.of(p("match (IPv4)", match, matchVerdict), p("IPv4 tcp/80", other4, other4Verdict),
                p("IPv6 tcp/80", v6, v6Verdict));
    }

    /**
     * {@code n} distinct IPv4 prefixes, first octet 1..90 (so that the outside address 93.184.216.34
     * and the documentation ranges stay outside): 40% /32, 35% /24, 25% /16../23, as block lists mix them.
     */
    static List<int[]> prefixes(int n, long seed) {
        Random random = new Random(seed);
        Set<Long> seen = new HashSet<>();
        List<int[]> out = new ArrayList<>();
        while (out.size() < n) {
            double kind = random.nextDouble();
            int bits = kind < 0.40 ? 32 : kind < 0.75 ? 24 : 16 + random.nextInt(8);
            int address = ((1 + random.nextInt(90)) << 24) | random.nextInt(1 << 24);
            address &= mask(bits);
            if (seen.add(((long) bits << 32) | (address & 0xffffffffL))) out.add(new int[] {address, bits});
        }
        return out;
    }

    /** {@code n} distinct addresses with first octet 1..90. */
    static List<Integer> addresses(int n, long seed) {
        Random random = new Random(seed);
        Set<Integer> out = new LinkedHashSet<>();
        while (out.size() < n) out.add(((1 + random.nextInt(90)) << 24) | random.nextInt(1 << 24));
        return new ArrayList<>(out);
    }

    static int mask(int bits) {
        return bits == 0 ? 0 : (int) (0xffffffffL << (32 - bits));
    }

    static String dotted(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    static String cidr(int[] prefix) {
        return dotted(prefix[0]) + "/" + prefix[1];
    }

    /** LPM trie keys: u32 prefix length in host order, then the address in network order. */
    static void fillTrie(BpfMap trie, List<int[]> prefixes) {
        for (int[] p : prefixes) {
            byte[] key = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(p[1])
                    .order(ByteOrder.BIG_ENDIAN).putInt(p[0]).array();
            trie.update(key, new byte[] {1});
        }
    }

    /** Filter 9 in C as a programmer would write 1,000 addresses: one switch (clang makes it a binary search). */
    static String switchSource(List<Integer> addresses) {
        StringBuilder c = new StringBuilder();
        c.append("// 9: 1,000 single-address rules (ip.src == A -> drop) as one switch; generated by SideBySide\n")
                .append("#include \"parse.h\"\n\nSEC(\"xdp\")\nint addrs1000(struct xdp_md *ctx)\n{\n")
                .append("    struct iphdr *ip = parse_ipv4(ctx);\n    if (!ip)\n        return XDP_PASS;\n")
                .append("    switch (bpf_ntohl(ip->saddr)) {\n");
        for (int a : addresses) c.append(String.format("    case 0x%08x: /* %s */%n", a, dotted(a)));
        c.append("        return XDP_DROP;\n    }\n    return XDP_PASS;\n}\n\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
        return c.toString();
    }

    // ---------------------------------------------------------------- measuring

    static final Pattern PROCESSED = Pattern.compile("processed (\\d+) insns");

    static Row measure(Filter f, Path cDir, Path work, String clang, int rounds, int repeat) throws Exception {
        List<AutoCloseable> owners = new ArrayList<>();
        try {
            Side[] sides = {sluice(f), clang(f, cDir, work, clang, false), clang(f, cDir, work, clang, true)};
            for (Side s : sides) owners.add(s.owner());
            List<String> disagreements = new ArrayList<>();
            List<Packet> all = new ArrayList<>(f.timed());
            all.addAll(f.checked());
            for (Packet p : all) {
                for (Side s : sides) {
                    int got = s.program().testRun(TestRunRequest.of(p.frame())).retval();
                    if (got != p.expected()) {
                        disagreements.add(String.format("%s on %s: %s, expected %s", s.label(), p.label(), verdict(got),
                                verdict(p.expected())));
                    }
                }
            }
            for (String d : disagreements) System.err.println("  DISAGREEMENT " + d);
            long[][] ns = new long[f.timed().size()][sides.length];
            for (long[] r : ns) java.util.Arrays.fill(r, Long.MAX_VALUE);
            for (int round = 0; round < rounds; round++) {
                for (int pi = 0; pi < f.timed().size(); pi++) {
                    TestRunRequest request = TestRunRequest.of(f.timed().get(pi).frame()).repeat(repeat);
                    for (int k = 0; k < sides.length; k++) {
                        int si = (k + round) % sides.length; // rotate who goes first
                        long d = sides[si].program().testRun(request).durationNs();
                        ns[pi][si] = Math.min(ns[pi][si], d);
                    }
                }
            }
            return new Row(f, sides, ns, disagreements);
        } finally {
            for (AutoCloseable o : owners) o.close();
        }
    }

    static String verdict(int retval) {
        return switch (retval) {
            case XDP_DROP -> "drop";
            case XDP_PASS -> "pass";
            default -> "retval " + retval;
        };
    }

    static Side sluice(Filter f) {
        CompiledProgram compiled = SluiceCompiler.compile(f.sluice());
        MapGroup maps = MapGroup.create(compiled.maps());
        try {
            BpfProgram program = BpfProgram.load(LoadRequest.of(compiled.name(), ProgramType.XDP,
                    MapBinding.bind(compiled.code(), maps.maps())).withStatistics());
            int processed = processed(program.verifierLog(), compiled.name());
            int info = program.info().verifiedInstructions();
            if (info != processed) {
                System.err.printf("  note: %s: log says %d processed, bpf_prog_info.verified_insns %d%n",
                        compiled.name(), processed, info);
            }
            return new Side("Sluice", program, compiled.slots(), processed, () -> {
                program.close();
                maps.close();
            });
        } catch (RuntimeException e) {
            maps.close();
            throw e;
        }
    }

    static int processed(String log, String name) {
        Matcher m = PROCESSED.matcher(log);
        if (!m.find()) throw new IllegalStateException(name + ": no \"processed N insns\" in the verifier log:\n" + log);
        return Integer.parseInt(m.group(1));
    }

    /**
     * The C filter compiled by clang and loaded through the runtime's ELF loader. The loader loads
     * without a verifier log, so the processed count is the kernel's {@code verified_insns}
     * (bpf_prog_info), the same counter ({@code env->insn_processed}) the log's "processed N insns"
     * prints; the Sluice side checks the two agree.
     */
    static Side clang(Filter f, Path cDir, Path work, String clang, boolean v3) throws IOException, InterruptedException {
        Path source = cDir.resolve(f.cFile());
        if (f.cText() != null) {
            source = work.resolve(f.cFile());
            Files.copy(cDir.resolve("parse.h"), work.resolve("parse.h"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(source, f.cText());
        }
        String stem = f.cFile().replace(".c", "") + (v3 ? "-v3" : "-O2");
        Path object = work.resolve(stem + ".o");
        List<String> command = new ArrayList<>(List.of(clang, "-O2", "-g", "-target", "bpf"));
        if (v3) command.add("-mcpu=v3");
        command.addAll(List.of("-I/usr/include/" + multiarch(), "-c", source.toString(), "-o", object.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        byte[] bytes = Files.readAllBytes(object);
        LoadedObject loaded = LoadedObject.load(bytes, object.toString());
        try {
            f.fill().accept(loaded);
            BpfProgram program = loaded.program(f.function());
            return new Side(v3 ? "clang -O2 -mcpu=v3" : "clang -O2", program, slots(bytes, f.function()),
                    program.info().verifiedInstructions(), loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** The function's size in 8-byte instruction slots, from the ELF symbol table. */
    static int slots(byte[] elfBytes, String function) {
        ElfObject elf = ElfObject.read(elfBytes);
        for (ElfSection s : elf.sections()) {
            if (!s.isExecutable()) continue;
            for (ElfSymbol sym : elf.functionsIn(s.index())) {
                if (sym.name().equals(function)) return (int) (sym.size() / 8);
            }
        }
        throw new IllegalStateException("no function " + function);
    }

    static String multiarch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> arch + "-linux-gnu";
        };
    }

    // ---------------------------------------------------------------- the table

    static String ratio(double sluice, double clang) {
        return clang == 0 ? "-" : String.format(Locale.ROOT, "%.2f", sluice / clang);
    }

    static String markdown(List<Row> rows, int rounds, int repeat) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run %s; kernel %s; %d CPUs; %d rounds x %,d repeats per program and frame.%n%n",
                LocalDate.now(), System.getProperty("os.version"), Runtime.getRuntime().availableProcessors(), rounds, repeat));
        md.append("Size and verifier work (ratio: Sluice / clang -O2 -mcpu=v3; target at most 1.25):\n\n");
        md.append("| # | filter | slots Sluice | clang -O2 | clang v3 | ratio | processed Sluice | clang -O2 | clang v3 | ratio |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Side[] s = r.sides();
            md.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,d | %,d | %s | %,d | %,d | %,d | %s |%n",
                    r.filter().number(), r.filter().title(), s[0].slots(), s[1].slots(), s[2].slots(),
                    ratio(s[0].slots(), s[2].slots()), s[0].processed(), s[1].processed(), s[2].processed(),
                    ratio(s[0].processed(), s[2].processed())));
        }
        md.append("\nns/packet, minimum over rounds of the kernel's BPF_PROG_TEST_RUN average (ratio: Sluice / clang -O2 -mcpu=v3;"
                + " target at most 1.10, filter 8 at most 0.50):\n\n");
        md.append("| # | frame | verdict | Sluice | clang -O2 | clang v3 | ratio |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            for (int pi = 0; pi < r.filter().timed().size(); pi++) {
                Packet p = r.filter().timed().get(pi);
                long[] ns = r.ns()[pi];
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %d | %d | %s |%n", r.filter().number(), p.label(),
                        verdict(p.expected()), ns[0], ns[1], ns[2], ratio(ns[0], ns[2])));
            }
        }
        md.append("\nVerdicts: ");
        List<String> all = new ArrayList<>();
        int frames = 0;
        for (Row r : rows) {
            frames += r.filter().timed().size() + r.filter().checked().size();
            for (String d : r.disagreements()) all.add("filter " + r.filter().number() + ": " + d);
        }
        if (all.isEmpty()) {
            md.append(String.format("all three programs gave the expected verdict on all %d frames (timed and extra checks).%n", frames));
        } else {
            md.append(all.size()).append(" disagreement(s):\n\n");
            for (String d : all) md.append("- ").append(d).append('\n');
        }
        md.append('\n').append(targets(rows));
        return md.toString();
    }

    static String targets(List<Row> rows) {
        StringBuilder md = new StringBuilder("Targets (against clang -O2 -mcpu=v3):\n\n");
        int slotsMet = 0, processedMet = 0, nsMet = 0, nsAll = 0;
        List<String> missed = new ArrayList<>();
        for (Row r : rows) {
            Side[] s = r.sides();
            int n = r.filter().number();
            double slots = (double) s[0].slots() / s[2].slots();
            double processed = (double) s[0].processed() / s[2].processed();
            if (slots <= 1.25) slotsMet++;
            else missed.add(String.format(Locale.ROOT, "filter %d slots %.2fx", n, slots));
            if (processed <= 1.25) processedMet++;
            else missed.add(String.format(Locale.ROOT, "filter %d processed %.2fx", n, processed));
            double limit = n == 8 ? 0.5 : 1.10;
            for (int pi = 0; pi < r.ns().length; pi++) {
                nsAll++;
                double t = (double) r.ns()[pi][0] / r.ns()[pi][2];
                if (t <= limit) nsMet++;
                else missed.add(String.format(Locale.ROOT, "filter %d ns (%s) %.2fx > %.2f", n,
                        r.filter().timed().get(pi).label(), t, limit));
            }
        }
        md.append(String.format("- slots at most 1.25x: %d of %d filters%n", slotsMet, rows.size()));
        md.append(String.format("- verifier-processed at most 1.25x: %d of %d filters%n", processedMet, rows.size()));
        md.append(String.format("- ns/packet at most 1.10x (filter 8: 0.50x): %d of %d frames%n", nsMet, nsAll));
        if (!missed.isEmpty()) md.append("- missed: ").append(String.join("; ", missed)).append('\n');
        return md.toString();
    }
}
