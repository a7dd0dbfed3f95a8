package dev.sluice.tests.dsl;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.FrameBuilder;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Program;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java DSL and the script language build the same model: the same rules compile to the same bytes. */
class DslScriptParityTest {
    private static void same(Program java, String script) {
        CompiledProgram fromJava = SluiceCompiler.compile(java);
        CompiledProgram fromScript = Scripted.compile(script).get(0);
        assertEquals(fromScript.name(), fromJava.name());
        assertEquals(HexFormat.of().formatHex(fromScript.code().encode()), HexFormat.of().formatHex(fromJava.code().encode()));
        assertEquals(fromScript.maps().stream().map(m -> m.spec()).toList(), fromJava.maps().stream().map(m -> m.spec()).toList());
    }

    @Test
    void theHeadline() {
        same(xdp().when(tcp().dport(22)).drop(), "xdp { when tcp.dport == 22 { drop } }");
    }

    /** {@code pcap("EXPR")} in Java is the script's {@code pcap "EXPR"}, mixed with the language's own fields. */
    @Test
    void pcapFilters() {
        same(xdp().when(pcap("tcp port 22 and not net 10.0.0.0/8").and(ip().ttl().lt(5))).drop(),
                "xdp { when pcap \"tcp port 22 and not net 10.0.0.0/8\" and ip.ttl < 5 { drop } }");
        same(tcIngress().when(pcap("vlan 7 and tcp[tcpflags] & tcp-syn != 0")).pass(),
                "tc ingress { when pcap \"vlan 7 and tcp[tcpflags] & tcp-syn != 0\" { pass } }");
        CompiledProgram p = Scripted.compile("xdp { when pcap \"tcp dst port 22\" { drop } }").get(0);
        assertEquals("drop", dev.sluice.compiler.Verdicts.name(p.interpret(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN).build())));
        assertEquals("pass", dev.sluice.compiler.Verdicts.name(p.interpret(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 80).flags(FrameBuilder.SYN).build())));
        List<String> errors = javaErrors(xdp().when(pcap("port ssh")).drop());
        assertTrue(errors.get(0).contains("pcap filter, column 6: port names need the services database"), errors.toString());
    }

    private static List<String> javaErrors(Program java) {
        var e = assertThrows(dev.sluice.compiler.check.CompileException.class, () -> dev.sluice.compiler.SluiceCompiler.compile(List.of(java), Scripted.TRACEFS));
        return e.diagnostics().stream().map(d -> d.toString()).toList();
    }

    /** Each hook has one entry point, its kind in camel case; packet hooks take an optional name. */
    @Test
    void everyHookEntryPoint() {
        same(tcEgress("shaper").when(udp().and(pkt().len().gt(1200))).drop(), "tc egress shaper { when udp and pkt.len > 1200 { drop } }");
        same(tcIngress().when(ip6().and(tcp().dport(443))).pass(), "tc ingress { when ip6 and tcp.dport == 443 { pass } }");
        same(socket("dns").when(udp().dport().in(53, 5353)).truncate(128), "socket dns { when udp.dport in {53, 5353} { truncate 128 } }");
        same(cgroupEgress().when(ip().dst().in("10.0.0.0/8")).drop(), "cgroup egress { when ip.dst in 10.0.0.0/8 { drop } }");
        same(cgroupIngress("inbound").when(ip6()).drop(), "cgroup ingress inbound { when ip6 { drop } }");
        same(cgroupDevice("nonull").when(dev().isChar().and(dev().major().eq(1)).and(dev().minor().eq(3))).drop(),
                "cgroup device nonull { when dev.type == char and dev.major == 1 and dev.minor == 3 { drop } }");
        same(xdp("fw").when(tcp().syn().and(not(tcp().ack())).and(tcp().dport().in(range(1000, 2000)))).count("syns").drop(),
                "xdp fw { when tcp.syn and not tcp.ack and tcp.dport in 1000..2000 { count syns drop } }");
        same(kretprobe("vfs_read").otherwise().hist("sizes", retval()).end(), "kretprobe vfs_read { hist sizes retval }");
        same(profile(99).otherwise().countBy("samples", pc()).end(), "profile hz 99 { count samples by pc }");
    }

    /** Actions take fields, not their names: a key of one field or a tuple of several. */
    @Test
    void countKeysAreTypedFields() {
        same(xdp().when(ip()).countBy("protos", ip().proto()).end(), "xdp { when ip { count protos by ip.proto } }");
        same(xdp().otherwise().countBy("flows", ip().src(), tcp().dport()).end(), "xdp { count flows by (ip.src, tcp.dport) }");
    }

    /** The later packet fields (docs/LANGUAGE.md, "Packet fields"), each written both ways. */
    @Test
    void laterPacketFields() {
        same(xdp().when(vlan().pcp().eq(5)).drop(), "xdp { when vlan.pcp == 5 { drop } }");
        same(xdp().when(vlan().inner().eq(100)).drop(), "xdp { when vlan.inner == 100 { drop } }");
        same(xdp().when(ip().ihl().gt(5)).drop(), "xdp { when ip.ihl > 5 { drop } }");
        same(xdp().when(ip().df().and(not(ip().mf()))).drop(), "xdp { when ip.df and not ip.mf { drop } }");
        same(xdp().when(ip().fragoff().ne(0)).drop(), "xdp { when ip.fragoff != 0 { drop } }");
        same(xdp().when(frag()).drop(), "xdp { when frag { drop } }");
        same(tcIngress().when(ip6().tclass().eq(0xb8).or(ip6().flow().eq(0x12345))).drop(),
                "tc ingress { when ip6.tclass == 0xb8 or ip6.flow == 0x12345 { drop } }");
        same(xdp().when(ip6().plen().lt(8)).drop(), "xdp { when ip6.plen < 8 { drop } }");
        same(xdp().when(arp().op().eq(1).and(arp().tpa().eq("198.18.0.1"))).drop(),
                "xdp { when arp.op == 1 and arp.tpa == 198.18.0.1 { drop } }");
        same(xdp().when(arp().spa().in("198.18.0.0/15").and(arp().sha().eq("02:00:00:00:00:01")).and(arp().tha().ne("02:00:00:00:00:02"))).drop(),
                "xdp { when arp.spa in 198.18.0.0/15 and arp.sha == 02:00:00:00:00:01 and arp.tha != 02:00:00:00:00:02 { drop } }");
        same(xdp().when(sctp().dport(3868).or(sctp().sport().in(36412, 36422))).drop(),
                "xdp { when sctp.dport == 3868 or sctp.sport in {36412, 36422} { drop } }");
        same(xdp().when(sctp().and(not(gre()))).drop(), "xdp { when sctp and not gre { drop } }");
        same(xdp().when(gre().proto().eq(0x6558)).drop(), "xdp { when gre.proto == 0x6558 { drop } }");
        same(cgroupEgress().when(vxlan().vni(42).or(geneve().vni().in(range(100, 200)))).drop(),
                "cgroup egress { when vxlan.vni == 42 or geneve.vni in 100..200 { drop } }");
        same(xdp().when(arp()).countBy("senders", arp().spa()).end(), "xdp { when arp { count senders by arp.spa } }");
    }

    /** The later fields on frames built to carry them, in the interpreter (the property tests cover the kernel). */
    @Test
    void laterPacketFieldsReadTheirFrames() {
        FrameBuilder inner = FrameBuilder.ethernet().ipv4("198.18.0.3", "198.18.0.4").udp(1, 2);
        assertVerdict("drop", "xdp { when vxlan.vni == 42 { drop } }", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").vxlan(42, inner.copy()).build());
        assertVerdict("pass", "xdp { when vxlan.vni == 42 { drop } }", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").vxlan(43, inner.copy()).build());
        assertVerdict("drop", "xdp { when geneve.vni == 7 { drop } }", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").geneve(7, inner.copy()).build());
        assertVerdict("pass", "xdp { when vxlan.vni == 7 { drop } }", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").geneve(7, inner.copy()).build());
        assertVerdict("drop", "xdp { when gre and gre.proto == 0x0800 { drop } }", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").gre(inner.copy()).build());
        assertVerdict("drop", "xdp { when vlan.pcp == 5 and vlan.id == 7 and vlan.inner == 9 { drop } }",
                FrameBuilder.ethernet().tag(0x9100, 5 << 13 | 7).tag(0x8100, 9).ipv4("198.18.0.1", "198.18.0.2").udp(1, 2).build());
        assertVerdict("drop", "xdp { when frag and ip.mf and ip.fragoff == 0 { drop } }",
                FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").fragment(0, true).udp(1, 2).build());
        assertVerdict("pass", "xdp { when frag { drop } }", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").dontFragment().udp(1, 2).build());
        assertVerdict("drop", "xdp { when sctp.dport == 3868 and sctp.sport == 5000 { drop } }",
                FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").sctp(5000, 3868).build());
        assertVerdict("pass", "xdp { when sctp.dport == 3868 { drop } }",
                FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").fragment(1, false).sctp(5000, 3868).build());
        assertVerdict("drop", "xdp { when ip.df { drop } }", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").dontFragment().udp(1, 2).build());
        // Socket programs read them from the network header, where VLAN tags are not (LaterFieldsBoundaryTest has the rest).
        assertVerdict("drop", "socket { when vxlan.vni == 42 { drop } }", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").vxlan(42, inner.copy()).build());
        assertVerdict("drop", "socket { when gre.proto == 0x0800 and ip.ihl == 5 { drop } }",
                FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").gre(inner.copy()).build());
        assertVerdict("pass", "socket { when vlan.pcp == 5 or vlan.inner == 9 { drop } }",
                FrameBuilder.ethernet().tag(0x9100, 5 << 13 | 7).tag(0x8100, 9).ipv4("198.18.0.1", "198.18.0.2").udp(1, 2).build());
        assertVerdict("drop", "socket { when arp.op == 1 { drop } }", FrameBuilder.ethernet().arp().build());
        List<String> errors;
        StringBuilder everyField = new StringBuilder("xdp all {\n");
        for (String f : List.of("pkt.len", "eth.type", "vlan.id", "ip.tos", "ip.len", "ip.id", "ip.ttl", "ip.proto", "ip6.hlim",
                "ip6.next", "tcp.sport", "tcp.dport", "tcp.flags", "tcp.win", "udp.sport", "udp.dport", "udp.len", "icmp.type",
                "icmp.code", "icmp6.type", "icmp6.code", "vlan.pcp", "vlan.inner", "ip.ihl", "ip.fragoff", "ip6.tclass", "ip6.flow",
                "ip6.plen", "arp.op", "sctp.sport", "sctp.dport", "gre.proto", "vxlan.vni", "geneve.vni")) {
            everyField.append("  when ").append(f).append(" == 1 { drop }\n");
        }
        String everything = everyField.append("  when ip.src == 198.18.0.1 or ip.dst == 198.18.0.2 or ip6.src == 2001:db8::1 { drop }\n}\n").toString();
        errors = Scripted.errors(everything);
        assertEquals(List.of("test.ebpf:1:1: program all reads 38 slots of packet field values (an IPv6 address takes two), over the 37"
                + " a program holds; split its rules over programs"), errors);
        // The socket parse keeps two of the spare slots as scratch.
        assertEquals(List.of("test.ebpf:1:1: program all reads 38 slots of packet field values (an IPv6 address takes two), over the 35"
                + " a program holds; split its rules over programs"), Scripted.errors(everything.replace("xdp all", "socket all")));
        errors = Scripted.errors("xdp { when vlan.pcp == 8 { drop } }");
        assertTrue(errors.get(0).contains("out of range for vlan.pcp (0 to 7)"), errors.toString());
    }

    private static void assertVerdict(String verdict, String script, byte[] frame) {
        assertEquals(verdict, dev.sluice.compiler.Verdicts.name(Scripted.compile(script).get(0).interpret(frame)), script);
    }

    @Test
    void traceStatements() {
        same(uprobe("/bin/bash", "readline").otherwise().count("calls").sum("total", arg(0)).hist("sizes", arg(1), comm())
                        .print("%d called with %x", pid(), arg(0)).end(),
                "uprobe \"/bin/bash\" readline { count calls  sum total arg0  hist sizes arg1 by comm  print \"%d called with %x\", pid, arg0 }");
        same(uretprobe("/bin/bash", "readline").when(pid().eq(1)).hist("returns", retval()).end(),
                "uretprobe \"/bin/bash\" readline { when pid == 1 { hist returns retval } }");
        same(kprobe("vfs_read").when(comm().eq("bash").and(uid().ne(0))).countBy("by_task", tid(), gid(), cpu()).sum("at", nsecs()).end(),
                "kprobe vfs_read { when comm == \"bash\" and uid != 0 { count by_task by (tid, gid, cpu)  sum at nsecs } }");
        same(uprobe("/bin/bash", "readline").when(str(arg(0)).ne("exit")).print("%s", str(arg(0))).end(),
                "uprobe \"/bin/bash\" readline { when str(arg0) != \"exit\" { print \"%s\", str(arg0) } }");
    }

    /** docs/LANGUAGE.md: `tcp.flags & 0x12 == 0x02` is `(tcp.flags & 0x12) == 0x02`, a SYN without ACK; `x % 0` is 0. */
    @Test
    void arithmeticInConditions() {
        CompiledProgram syn = Scripted.compile("xdp { when tcp.flags & 0x12 == 0x02 { drop } }").get(0);
        assertEquals("drop", dev.sluice.compiler.Verdicts.name(syn.interpret(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN).build())));
        byte[] synAck = FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN | FrameBuilder.ACK).build();
        assertEquals("pass", dev.sluice.compiler.Verdicts.name(syn.interpret(synAck)));
        CompiledProgram modulo = Scripted.compile("xdp { when tcp.dport % 0 == 0 and tcp.dport / 0 == 0 and tcp.sport - tcp.dport > 39000 { drop } }").get(0);
        assertEquals("drop", dev.sluice.compiler.Verdicts.name(modulo.interpret(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN).build())));
        assertEquals("pass", dev.sluice.compiler.Verdicts.name(modulo.interpret(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 2000).flags(FrameBuilder.SYN).build())));
        assertEquals("pass", dev.sluice.compiler.Verdicts.name(modulo.interpret(FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").udp(5000, 22).payload(new byte[4]).build())), "absent fields make it false");
        List<String> errors = Scripted.errors("xdp { when ip6.src + 1 == 2 { drop } }");
        assertTrue(errors.get(0).endsWith("ip6.src is an IPv6 address, not a number to compute with"), errors.toString());
    }

    @Test
    void aDeviceProgramDeniesWhatItSays() {
        CompiledProgram p = SluiceCompiler.compile(cgroupDevice().when(dev().isChar().and(dev().major().eq(1)).and(dev().minor().eq(3))).drop());
        // bpf_cgroup_dev_ctx: access_type (type in the low 16 bits: 2 char, 1 block; access in the high 16), major, minor.
        assertEquals("drop", dev.sluice.compiler.Verdicts.name(p.interpret(ctx(2, 7, 1, 3))));
        assertEquals("pass", dev.sluice.compiler.Verdicts.name(p.interpret(ctx(2, 7, 1, 5))));
        assertEquals("pass", dev.sluice.compiler.Verdicts.name(p.interpret(ctx(1, 7, 1, 3))));
        assertEquals(List.of(), p.warnings());
    }

    private static byte[] ctx(int type, int access, int major, int minor) {
        return java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(type | access << 16).putInt(major).putInt(minor).array();
    }
}
