package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.Capture;
import dev.sluice.runtime.testing.KernelRequirement;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One counter fed by two fields of one type ({@code ip.proto} and {@code ip6.next}, both u8), as
 * `sluice test` prints it: one counter {@code proto}, one line per protocol number, in the
 * interpreter and in the kernel alike.
 */
class SharedCounterTest {
    static final String RULES = "xdp f { when ip { count proto by ip.proto }  when ip6 { count proto by ip6.next }  pass }\n";
    static final List<String> COUNTERS = List.of(
            "{\"counter\":\"proto\",\"program\":\"f\",\"key\":6,\"value\":1}",
            "{\"counter\":\"proto\",\"program\":\"f\",\"key\":17,\"value\":1}");

    static byte[] ipv4Tcp() {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(0x0a010203).putInt(0xc6120001);
        return b.putShort((short) 40000).putShort((short) 22).putInt(1).putInt(0).put((byte) 0x50).put((byte) 2)
                .putShort((short) 65535).putInt(0).array();
    }

    static byte[] ipv6Udp() {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + 8);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x86dd);
        b.putInt(0x60000000).putShort((short) 8).put((byte) 17).put((byte) 64)
                .putLong(0x20010db800000000L).putLong(1).putLong(0x20010db800000000L).putLong(2);
        return b.putShort((short) 5000).putShort((short) 53).putShort((short) 8).putShort((short) 0).array();
    }

    static Path[] files(Path dir) throws Exception {
        Path rules = dir.resolve("shared.ebpf");
        Files.writeString(rules, RULES);
        Path pcap = dir.resolve("two.pcap");
        byte[] v4 = ipv4Tcp(), v6 = ipv6Udp();
        Files.write(pcap, new Capture(List.of(new Capture.Packet(1, 0, v4, v4.length), new Capture.Packet(2, 0, v6, v6.length)),
                false).write());
        return new Path[] {rules, pcap};
    }

    @Test
    void bothFamiliesCountIntoOneCounter(@TempDir Path dir) throws Exception {
        Path[] f = files(dir);
        MainTest.Outcome o = MainTest.run("test", f[0].toString(), "--pcap", f[1].toString(), "--format", "jsonl");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(COUNTERS, lines.subList(lines.size() - 2, lines.size()), o.out());
        assertEquals(4, lines.size(), o.out());
    }

    @Test
    void theKernelCountsTheSame(@TempDir Path dir) throws Exception {
        KernelRequirement.bpf();
        Path[] f = files(dir);
        MainTest.Outcome o = MainTest.run("test", f[0].toString(), "--pcap", f[1].toString(), "--format", "jsonl", "--kernel");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(COUNTERS, lines.subList(lines.size() - 2, lines.size()), o.out());
    }

    @Test
    void keysOfDifferentTypesStayAnError(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("mixed.ebpf");
        Files.writeString(rules, "xdp f { when ip { count proto by ip.proto }  when tcp { count proto by tcp.dport }  pass }\n");
        MainTest.Outcome o = MainTest.run("check", rules.toString());
        assertNotEquals(0, o.code());
        assertTrue(o.err().startsWith(rules + ":1:57: counter proto is keyed by u8 (ip.proto) elsewhere, here by u16 (tcp.dport)"), o.err());
    }
}
