package dev.sluice.tests.dsl;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Program;
import dev.sluice.testing.FrameBuilder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inner layer (docs/LANGUAGE-RAW-BYTES.md, "Tunnels") written both ways compiles to the same bytes; the
 * names the language refuses under {@code inner.} get one located error each; a program without
 * {@code inner.} is unchanged by the layer's existence (GoldenBytesTest records those bytes).
 */
class InnerFieldsTest {
    private static void same(Program java, String script) {
        CompiledProgram fromJava = SluiceCompiler.compile(java);
        CompiledProgram fromScript = Scripted.compile(script).get(0);
        assertEquals(HexFormat.of().formatHex(fromScript.code().encode()), HexFormat.of().formatHex(fromJava.code().encode()), script);
        assertEquals(fromScript.maps().stream().map(m -> m.spec()).toList(), fromJava.maps().stream().map(m -> m.spec()).toList());
    }

    @Test
    void javaAndScriptCompileToTheSameBytes() {
        same(xdp().when(inner().tcp().dport(22)).drop(), "xdp { when inner.tcp.dport == 22 { drop } }");
        same(xdp().when(inner().ip().src().in("198.18.0.0/15").and(inner().udp().dport().in(53, 5353))).drop(),
                "xdp { when inner.ip.src in 198.18.0.0/15 and inner.udp.dport in {53, 5353} { drop } }");
        same(tcIngress().when(inner().eth().dst().eq("02:00:00:00:00:01").or(inner().vlan().id().eq(7))).drop(),
                "tc ingress { when inner.eth.dst == 02:00:00:00:00:01 or inner.vlan.id == 7 { drop } }");
        same(xdp().when(inner().ip6().next().eq(58).and(inner().icmp6().type().eq(128))).drop(),
                "xdp { when inner.ip6.next == 58 and inner.icmp6.type == 128 { drop } }");
        same(xdp().when(inner().ip6().src().eq("2001:db8::1").and(not(inner().frag()))).drop(),
                "xdp { when inner.ip6.src == 2001:db8::1 and not inner.frag { drop } }");
        same(cgroupEgress().when(inner().tcp().syn().and(inner().ip().df())).drop(),
                "cgroup egress { when inner.tcp.syn and inner.ip.df { drop } }");
        same(xdp().when(inner().arp().op().eq(1).or(inner().sctp().dport(3868)).or(inner().gre().proto().eq(0x0800))).drop(),
                "xdp { when inner.arp.op == 1 or inner.sctp.dport == 3868 or inner.gre.proto == 0x0800 { drop } }");
        same(xdp().when(inner().ip()).countBy("inner_sources", inner().ip().src()).end(),
                "xdp { when inner.ip { count inner_sources by inner.ip.src } }");
    }

    @Test
    void framesBuiltWithTunnelsAreReadInside() {
        FrameBuilder ssh = FrameBuilder.ethernet().ipv4("198.18.0.3", "198.18.0.4").tcp(40000, 22);
        String rule = "xdp { when inner.tcp.dport == 22 { drop } }";
        FrameBuilder outer = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2");
        assertVerdict("drop", rule, outer.copy().vxlan(42, ssh.copy()).build());
        assertVerdict("drop", rule, outer.copy().geneve(7, ssh.copy()).build());
        assertVerdict("drop", rule, outer.copy().gre(ssh.copy()).build());
        assertVerdict("pass", rule, ssh.copy().build());
    }

    /** The example in the kernel (BPF_PROG_TEST_RUN): SSH inside VXLAN, Geneve and GRE (a frame, IPv4, IPv6) dropped. */
    @Test
    @dev.sluice.testing.KernelTest
    void theKernelDropsSshInsideEachTunnel() {
        FrameBuilder ssh = FrameBuilder.ethernet().ipv4("198.18.0.3", "198.18.0.4").tcp(40000, 22);
        FrameBuilder ssh6 = FrameBuilder.ethernet().ipv6("2001:db8::3", "2001:db8::4").tcp(40000, 22);
        FrameBuilder web = FrameBuilder.ethernet().ipv4("198.18.0.3", "198.18.0.4").tcp(40000, 443);
        FrameBuilder outer = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2");
        try (dev.sluice.runtime.LoadedProgram loaded = dev.sluice.runtime.Kernel.load(
                Scripted.compile("xdp { when inner.tcp.dport == 22 { drop } }").get(0))) {
            for (byte[] frame : List.of(outer.copy().vxlan(42, ssh.copy()).build(), outer.copy().geneve(7, ssh.copy()).build(),
                    outer.copy().gre(ssh.copy()).build(), outer.copy().gre(ssh6.copy()).build(),
                    FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").vxlan(42, ssh6.copy()).build())) {
                assertEquals(new dev.sluice.dsl.model.Verdict.Drop(), loaded.testRun(frame), HexFormat.of().formatHex(frame));
            }
            for (byte[] frame : List.of(outer.copy().vxlan(42, web.copy()).build(), ssh.copy().build(), outer.copy().gre(web.copy()).build())) {
                assertEquals(new dev.sluice.dsl.model.Verdict.Pass(), loaded.testRun(frame), HexFormat.of().formatHex(frame));
            }
        }
    }

    private static void assertVerdict(String verdict, String script, byte[] frame) {
        assertEquals(verdict, dev.sluice.compiler.Verdicts.name(Scripted.compile(script).get(0).interpret(frame)), script);
    }

    @Test
    void refusedNamesAreLocatedErrors() {
        assertEquals(List.of("test.ebpf:1:12: inner.pkt.len: the inner packet has no length of its own; compare pkt.len, or the"
                + " inner header's length field (inner.ip.len, inner.ip6.plen, inner.udp.len)"), Scripted.errors("xdp { when inner.pkt.len > 5 { drop } }"));
        assertEquals(List.of("test.ebpf:1:12: inner.vxlan.vni: one level of tunnel only (a tunnel inside the inner packet is not"
                + " followed); the outer tunnel's identifier is vxlan.vni"), Scripted.errors("xdp { when inner.vxlan.vni == 1 { drop } }"));
        // A second layer is located at the second inner, the part that is refused.
        assertEquals(List.of("test.ebpf:1:18: inner.inner: Sluice reads one tunnel level; inner.inner.tcp.dport would read a tunnel"
                + " inside the inner packet, which is not followed (inner.tcp.dport reads the packet the outer tunnel carries)"),
                Scripted.errors("xdp { when inner.inner.tcp.dport == 22 { drop } }"));
        assertEquals(List.of("test.ebpf:1:25: inner.inner: Sluice reads one tunnel level; inner.inner.inner.udp would read a tunnel"
                + " inside the inner packet, which is not followed (inner.udp reads the packet the outer tunnel carries)"),
                Scripted.errors("tc ingress { when inner.inner.inner.udp { drop } }"));
        // The rule model can name it too (the Java DSL cannot: Inner has no inner() step); its own location.
        var at = new dev.sluice.dsl.model.SourceLocation("model", 3, 7);
        Program model = Program.of(new dev.sluice.dsl.model.Hook.Xdp(), java.util.Optional.empty(), List.of(new dev.sluice.dsl.model.Statement.When(
                new dev.sluice.dsl.model.Expr.Field("inner.inner.ip", at), List.of(new dev.sluice.dsl.model.Statement.Return(
                        new dev.sluice.dsl.model.Verdict.Drop(), at)), at)), List.of(), at);
        var refused = assertThrows(dev.sluice.compiler.check.CompileException.class, () -> SluiceCompiler.compile(model));
        assertTrue(refused.getMessage().contains("model:3:7: inner.inner: Sluice reads one tunnel level; inner.inner.ip would read"),
                refused.getMessage());
        List<String> socket = Scripted.errors("socket { when inner.tcp.dport == 22 { drop } }");
        assertEquals(List.of("test.ebpf:1:15: inner.tcp.dport is not available in socket programs (xdp, tc and cgroup programs read"
                + " the inner layer)"), socket);
        List<String> unknown = Scripted.errors("xdp { when outer.tcp.dport == 22 { drop } }");
        assertTrue(unknown.get(0).startsWith("test.ebpf:1:12: unknown field outer.tcp.dport"), unknown.toString());
        assertTrue(unknown.get(0).contains("did you mean inner.tcp.dport?"), unknown.toString());
    }
}
