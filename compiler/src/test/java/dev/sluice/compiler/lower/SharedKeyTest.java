package dev.sluice.compiler.lower;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.check.CompileException;
import dev.sluice.dsl.model.Program;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One name keeps one key shape: no key, or keys of one type. Two fields of one type feed one map
 * (one layout for both, the per-CPU array of u8 keys included); keys of other types are an error
 * that names both types.
 */
class SharedKeyTest {
    static byte[] ipv4(int proto, int src, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + l4.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) proto).putShort((short) 0).putInt(src).putInt(0xc6120001);
        return b.put(l4).array();
    }

    static byte[] ipv6(int next, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + l4.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x86dd);
        b.putInt(0x60000000).putShort((short) l4.length).put((byte) next).put((byte) 64)
                .putLong(0x20010db800000000L).putLong(1).putLong(0x20010db800000000L).putLong(2);
        return b.put(l4).array();
    }

    static byte[] ports(int sport, int dport, int length) {
        ByteBuffer b = ByteBuffer.allocate(length).putShort((short) sport).putShort((short) dport);
        if (length == 20) b.putInt(1).putInt(0).put((byte) 0x50).put((byte) 2);
        return b.array();
    }

    static final byte[] V4_TCP_22 = ipv4(6, 0x0a000001, ports(40000, 22, 20));
    static final byte[] V4_UDP_53 = ipv4(17, 0x0a000002, ports(5000, 53, 8));
    static final byte[] V6_UDP_53 = ipv6(17, ports(5000, 53, 8));
    static final byte[] V6_ICMP6 = ipv6(58, new byte[] {(byte) 128, 0, 0, 0});

    static CounterValue value(String name, List<Object> key, long value) {
        return new CounterValue(name, Optional.of(key), value);
    }

    static List<CounterValue> run(Program p, byte[]... frames) {
        CompiledProgram c = SluiceCompiler.compile(p);
        InterpretedProgram in = c.interpreter();
        for (byte[] f : frames) in.run(f);
        return in.counters();
    }

    @Test
    void ipProtoAndIp6NextFeedOneArray() {
        Program p = xdp("f").when(ip()).countBy("proto", ip().proto()).end().when(ip6()).countBy("proto", ip6().next()).end();
        CompiledProgram c = SluiceCompiler.compile(p);
        assertEquals(1, c.image().maps().aggregates().size());
        assertTrue(c.image().maps().aggregates().get(0).role().arrayBacked());
        assertEquals(List.of(value("proto", List.of(6L), 2), value("proto", List.of(17L), 2), value("proto", List.of(58L), 1)),
                run(p, V4_TCP_22, V4_UDP_53, V6_UDP_53, V6_ICMP6, V4_TCP_22));
    }

    @Test
    void sumsOfTwoPortFieldsShareTheirMap() {
        Program p = xdp("f").when(tcp()).sum("bytes", pkt().len(), tcp().dport()).end()
                .when(udp()).sum("bytes", pkt().len(), udp().dport()).end();
        assertEquals(List.of(value("bytes", List.of(22L), V4_TCP_22.length), value("bytes", List.of(53L), V4_UDP_53.length + V6_UDP_53.length)),
                run(p, V4_TCP_22, V4_UDP_53, V6_UDP_53));
    }

    @Test
    void histogramsOfTupleKeysShareTheirMap() {
        Program p = xdp("f").when(tcp()).hist("sizes", pkt().len(), ip().src(), tcp().dport()).end()
                .when(udp()).hist("sizes", pkt().len(), ip().dst(), udp().dport()).end();
        // 54 and 42 bytes fall into bucket 6 ([32, 64)); the IPv6 frame has no ip.dst and is not counted.
        assertEquals(List.of(value("sizes", List.of("10.0.0.1", 22L, 6L), 1), value("sizes", List.of("198.18.0.1", 53L, 6L), 1)),
                run(p, V4_TCP_22, V4_UDP_53, V6_UDP_53));
    }

    static String error(Program p) {
        CompileException e = assertThrows(CompileException.class, () -> SluiceCompiler.compile(p));
        assertEquals(1, e.diagnostics().size(), e.getMessage());
        return e.diagnostics().get(0).message();
    }

    @Test
    void keysOfAnotherTypeNameBothTypes() {
        assertEquals("counter proto is keyed by u8 (ip.proto) elsewhere, here by u16 (tcp.dport); one name keeps one key type",
                error(xdp().otherwise().countBy("proto", ip().proto()).countBy("proto", tcp().dport()).end()));
        assertEquals("sum bytes is keyed by ipv4 (ip.src) elsewhere, here by u16 (udp.dport); one name keeps one key type",
                error(xdp().otherwise().sum("bytes", pkt().len(), ip().src()).sum("bytes", pkt().len(), udp().dport()).end()));
        assertEquals("histogram h is keyed by (ipv4, u16) (ip.src, tcp.dport) elsewhere, here by (ipv4, u8) (ip.dst, ip.proto);"
                        + " one name keeps one key type",
                error(xdp().otherwise().hist("h", pkt().len(), ip().src(), tcp().dport()).hist("h", pkt().len(), ip().dst(), ip().proto()).end()));
        assertEquals("counter n is keyed by u16 (tcp.dport) elsewhere, here by (u16, u16) (tcp.dport, tcp.sport); one name keeps one key type",
                error(xdp().otherwise().countBy("n", tcp().dport()).countBy("n", tcp().dport(), tcp().sport()).end()));
    }

    @Test
    void vlanIdsTwelveBitsAreU16Keys() {
        Program p = xdp("f").otherwise().countBy("types", eth().type()).when(vlan()).countBy("types", vlan().id()).end();
        assertEquals(1, SluiceCompiler.compile(p).image().maps().aggregates().size());
    }

    @Test
    void oneNameIsOneKindOfAggregate() {
        assertEquals("n is used elsewhere as a sum, here as a counter; one name keeps one kind of aggregate",
                error(xdp().otherwise().sum("n", pkt().len(), ip().proto()).countBy("n", ip().proto()).end()));
    }
}
