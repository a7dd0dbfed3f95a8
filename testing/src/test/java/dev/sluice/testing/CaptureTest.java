package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureTest {
    static Capture sample(boolean nano) {
        return new Capture(List.of(
                new Capture.Packet(1700000000, 123, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 0}, 14),
                new Capture.Packet(1700000001, 999, new byte[60], 1514)), nano);
    }

    @Test
    void roundTripsBothTimestampKinds() {
        for (boolean nano : new boolean[] {false, true}) {
            Capture back = Capture.read(sample(nano).write());
            assertEquals(nano, back.nanosecond());
            assertEquals(2, back.packets().size());
            assertArrayEquals(sample(nano).packets().get(0).data(), back.packets().get(0).data());
            assertEquals(1514, back.packets().get(1).originalLength());
        }
    }

    @Test
    void readsBigEndianFiles() {
        byte[] le = sample(false).write();
        ByteBuffer in = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(le.length).order(ByteOrder.BIG_ENDIAN);
        out.putInt(in.getInt(0)).putShort(in.getShort(4)).putShort(in.getShort(6)).putInt(in.getInt(8)).putInt(in.getInt(12))
                .putInt(in.getInt(16)).putInt(in.getInt(20));
        int at = 24;
        while (at < le.length) {
            int captured = in.getInt(at + 8);
            out.putInt(in.getInt(at)).putInt(in.getInt(at + 4)).putInt(captured).putInt(in.getInt(at + 12));
            out.put(Arrays.copyOfRange(le, at + 16, at + 16 + captured));
            at += 16 + captured;
        }
        Capture back = Capture.read(out.array());
        assertEquals(2, back.packets().size());
        assertEquals(60, back.packets().get(1).data().length);
    }

    @Test
    void tcpdumpReadsWhatWeWrite(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.pcap");
        Files.write(f, sample(false).write());
        String out = Tcpdump.read(f);
        assertEquals(2, out.lines().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).count(), out);
    }

    /** Built frames written with {@link Capture#write(Path)} read back equal, and tcpdump reads each as the summary says. */
    @Test
    void builtFramesRoundTripAndTcpdumpAgreesWithTheSummaries(@TempDir Path dir) throws Exception {
        List<byte[]> frames = List.of(
                FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN).build(),
                FrameBuilder.ethernet().vlan(100).ipv4("198.18.0.2", "198.18.0.1").udp(40001, 40002).payload("abcd").build(),
                FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").tcp(1234, 443).flags(FrameBuilder.SYN | FrameBuilder.ACK).build(),
                FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").udp(1000, 2000).payload(new byte[12]).build(),
                FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").icmp(8, 0).build());
        Path f = dir.resolve("built.pcap");
        Capture.of(frames).write(f);
        List<byte[]> back = Capture.read(f).frames();
        assertEquals(frames.size(), back.size());
        for (int i = 0; i < frames.size(); i++) assertArrayEquals(frames.get(i), back.get(i));
        List<String> lines = Tcpdump.read(f).lines().filter(l -> !l.isBlank()).toList();
        assertEquals(frames.size(), lines.size(), String.join("\n", lines));
        for (int i = 0; i < frames.size(); i++) {
            // tcpdump adds sequence numbers and windows to TCP lines; the addresses, ports and protocol
            // words before them are FrameSummary's, and so is the length at the end.
            // Without -e tcpdump does not print the VLAN tag.
            String summary = FrameSummary.of(frames.get(i)).replaceFirst("^(vlan \\d+, )+", "");
            String head = summary.substring(0, summary.indexOf(": ") + 2);
            String tail = summary.substring(summary.lastIndexOf(", length") >= 0 ? summary.lastIndexOf(", length") : summary.length());
            String words = summary.substring(head.length()).split("[, ]")[0];
            assertTrue(lines.get(i).contains(" " + head + words), lines.get(i) + " vs " + summary);
            if (!words.equals("ICMP")) assertTrue(lines.get(i).endsWith(tail), lines.get(i) + " vs " + summary);
        }
    }

    @Test
    void rejectsOtherLinkTypesAndCorruption() {
        byte[] f = sample(false).write();
        f[20] = 113; // Linux cooked capture
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> Capture.read(f));
        assertTrue(e.getMessage().contains("link type 113 is not Ethernet"), e.getMessage());
        assertTrue(assertThrows(PcapFormatException.class, () -> Capture.read(new byte[] {0x0a, 0x0d, 0x0d, 0x0a,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).getMessage().contains("pcapng"));
    }

    /** A last record cut short, in its data or in its header, leaves the whole packets before it, and says which. */
    @Test
    void aCutLastRecordKeepsThePacketsBeforeIt() {
        byte[] whole = sample(false).write();
        int second = 24 + 16 + sample(false).packets().get(0).data().length;
        Capture inData = Capture.read(Arrays.copyOf(whole, second + 16 + 23));
        assertEquals(1, inData.packets().size());
        assertEquals("record 2 is cut short (header says 60 bytes, 23 left)", inData.cut().orElseThrow().describe());
        Capture inHeader = Capture.read(Arrays.copyOf(whole, second + 5));
        assertEquals(1, inHeader.packets().size());
        assertEquals("record 2 is cut short (5 of its 16 header bytes left)", inHeader.cut().orElseThrow().describe());
        Capture first = Capture.read(Arrays.copyOf(whole, 24 + 16 + 5));
        assertEquals(0, first.packets().size());
        assertEquals(1, first.cut().orElseThrow().record());
        assertTrue(Capture.read(whole).cut().isEmpty());
    }

    @Property(tries = 1000)
    void corruptionIsAlwaysAFormatError(@ForAll long seed) {
        byte[] f = sample(seed % 2 == 0).write();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < 1 + r.nextInt(4); i++) f[r.nextInt(f.length)] = (byte) r.nextInt(256);
        byte[] input = r.nextBoolean() ? f : Arrays.copyOf(f, r.nextInt(f.length));
        try {
            Capture.read(input);
        } catch (PcapFormatException expected) {
            assertTrue(expected.offset() >= 0);
        }
    }
}
