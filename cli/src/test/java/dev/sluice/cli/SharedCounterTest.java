package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.FrameBuilder;
import dev.sluice.testing.KernelTest;
import dev.sluice.testing.Capture;
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
        return FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN).build();
    }

    static byte[] ipv6Udp() {
        return FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").udp(5000, 53).build();
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
    @KernelTest
    void theKernelCountsTheSame(@TempDir Path dir) throws Exception {
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
