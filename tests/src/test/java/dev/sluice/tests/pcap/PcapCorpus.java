package dev.sluice.tests.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random corpus of Ethernet frames for the tcpdump oracle: 0-3 VLAN tags (TPIDs 0x8100,
 * 0x88a8, 0x9100), MPLS, PPPoE session and discovery, 802.3/LLC, ARP, RARP, IPv4 (options,
 * fragments) and IPv6 (up to three extension headers of five kinds, AH among them, fragments)
 * carrying TCP, UDP, SCTP, ICMP, ICMPv6, IGMP, PIM, VRRP, IGRP, ESP, AH chains, GRE, and VXLAN and
 * Geneve (version 0 or 1, 0-2 option words) with inner Ethernet frames (some VLAN-tagged) or, for
 * Geneve, bare IPv4; a third of the frames cut at a header boundary or anywhere (never under 14
 * bytes, which BPF_PROG_TEST_RUN refuses).
 */
final class PcapCorpus {
    private static final int[] TPIDS = {0x8100, 0x88a8, 0x9100};
    private static final long[] MACS = {0xffffffffffffL, 0x01005e000001L, 0x333300000001L, 0x020000000001L, 0x020000000002L, 0x0a0b0c0d0e0fL};
    private static final long[] IPV4 = {0x0a000001L, 0x0a000102L, 0xc0a80001L, 0xe0000001L, 0xc6120001L, 0xffffffffL};

    private final Random random;
    private final List<Integer> boundaries = new ArrayList<>();
    private ByteArrayOutputStream out;

    PcapCorpus(long seed) {
        this.random = new Random(seed);
    }

    List<byte[]> frames(int count) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) frames.add(frame());
        return frames;
    }

    private byte[] frame() {
        out = new ByteArrayOutputStream();
        boundaries.clear();
        mac(pick(MACS));
        mac(pick(MACS));
        int tags = random.nextInt(8) < 5 ? 0 : random.nextInt(4);
        for (int t = 0; t < tags; t++) {
            u16(TPIDS[random.nextInt(3)]);
            mark();
            u16(random.nextInt(8) << 13 | (random.nextBoolean() ? 7 : random.nextInt(4096)));
        }
        switch (random.nextInt(12)) {
            case 0 -> { u16(0x0806); mark(); arp(); }
            case 1 -> { u16(0x8035); mark(); arp(); }
            case 2 -> { u16(0x8847); mark(); mpls(); }
            case 3 -> { u16(0x8864); mark(); pppoe(); }
            case 4 -> { u16(0x8863); mark(); u16(0x1109); u16(0); u16(0); }
            case 5 -> { u16(40 + random.nextInt(60)); mark(); u8(random.nextBoolean() ? 0x06 : 0xaa); u8(0xaa); u8(3); bytes(30); }
            case 6, 7, 8 -> { u16(0x0800); mark(); ipv4(); }
            default -> { u16(0x86dd); mark(); ipv6(); }
        }
        mark();
        byte[] whole = out.toByteArray();
        if (random.nextInt(3) == 0) {
            int cut = random.nextBoolean() ? boundaries.get(random.nextInt(boundaries.size())) : 14 + random.nextInt(Math.max(1, whole.length - 13));
            cut = Math.max(14, Math.min(cut, whole.length));
            return java.util.Arrays.copyOf(whole, cut);
        }
        return whole;
    }

    private void mpls() {
        int labels = 1 + random.nextInt(2);
        boolean v6 = random.nextBoolean();
        for (int i = 0; i < labels; i++) {
            int label = random.nextBoolean() ? 5 : random.nextInt(1 << 20);
            u32((long) label << 12 | (i == labels - 1 ? 0x100 : 0) | 64);
            mark();
        }
        if (v6) ipv6(); else ipv4();
    }

    private void pppoe() {
        u8(0x11); u8(0); u16(random.nextBoolean() ? 3 : random.nextInt(65536)); u16(100);
        mark();
        boolean v6 = random.nextBoolean();
        u16(v6 ? 0x57 : 0x21);
        mark();
        if (v6) ipv6(); else ipv4();
    }

    private void arp() {
        u16(1); u16(0x0800); u8(6); u8(4); u16(1 + random.nextInt(2));
        mac(pick(MACS)); u32(pick(IPV4)); mac(pick(MACS)); u32(pick(IPV4));
    }

    private void ipv4() {
        int options = random.nextInt(4) == 0 ? 4 * (1 + random.nextInt(3)) : 0;
        int protocol = protocol(false);
        int fragment = random.nextInt(5) == 0 ? (random.nextBoolean() ? 0x2000 : random.nextInt(0x2000)) : 0;
        u8(0x40 | (5 + options / 4)); u8(0); u16(100); u16(random.nextInt(65536)); u16(fragment);
        u8(1 + random.nextInt(64)); u8(protocol); u16(0); u32(pick(IPV4)); u32(pick(IPV4));
        for (int i = 0; i < options; i++) u8(1);
        mark();
        transport(protocol);
    }

    private void ipv6() {
        int extensions = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
        int protocol = protocol(true);
        int[] kinds = new int[extensions];
        for (int i = 0; i < extensions; i++) kinds[i] = new int[] {0, 43, 44, 60, 51}[random.nextInt(5)];
        u32(0x60000000L | random.nextInt(1 << 20)); u16(80); u8(extensions > 0 ? kinds[0] : protocol); u8(64);
        u32(0x20010db8L); u32(0); u32(0); u32(random.nextBoolean() ? 1 : 2);
        u32(random.nextBoolean() ? 0xff020000L : 0x20010db8L); u32(0); u32(0); u32(random.nextBoolean() ? 1 : 2);
        mark();
        for (int i = 0; i < extensions; i++) {
            u8(i + 1 < extensions ? kinds[i + 1] : protocol); u8(0);
            if (kinds[i] == 44) { u16(random.nextBoolean() ? 0 : 8 * random.nextInt(100)); u32(random.nextInt()); }
            else { u16(0); u32(0); }
            mark();
        }
        transport(protocol);
    }

    private int protocol(boolean v6) {
        int[] choices = v6 ? new int[] {6, 17, 58, 132, 47, 6, 17, 51, 59} : new int[] {6, 17, 1, 2, 132, 47, 6, 17, 103, 51, 50, 112, 9};
        return choices[random.nextInt(choices.length)];
    }

    private static final int[] PORTS = {22, 53, 80, 443, 1000, 1500, 2000, 4789, 6081, 8080};

    private void transport(int protocol) {
        switch (protocol) {
            case 6 -> { u16(pick(PORTS)); u16(pick(PORTS)); u32(random.nextInt()); u32(0); u8(0x50 + 0x10 * random.nextInt(3)); u8(random.nextInt(256)); u16(1024); u32(0); mark(); if (random.nextBoolean()) { ascii("GET /"); } }
            case 17 -> udp();
            case 132 -> { u16(pick(PORTS)); u16(pick(PORTS)); u32(1); u32(0); mark(); }
            case 1, 58 -> { u8(new int[] {0, 3, 8, 11, 128, 129, 135}[random.nextInt(7)]); u8(random.nextInt(3)); u16(0); mark(); u32(0); }
            case 2 -> { u8(0x11); u8(0); u16(0); u32(0xe0000001L); mark(); }
            case 51 -> { int next = new int[] {6, 17, 51, 59}[random.nextInt(4)]; u8(next); u8(1); u16(0); u32(random.nextInt()); u32(0); mark(); if (next == 51) { u8(6); u8(1); u16(0); u32(0); u32(0); mark(); next = 6; } if (next != 59) transport(next); }
            case 47 -> { u16(0); u16(random.nextBoolean() ? 0x6558 : 0x0800); mark(); bytes(20); }
            default -> bytes(8);
        }
    }

    private void udp() {
        int dst = random.nextInt(3) == 0 ? (random.nextBoolean() ? 4789 : 6081) : pick(PORTS);
        u16(pick(PORTS)); u16(dst); u16(50); u16(0);
        mark();
        if (dst == 4789) { u32(0x08000000L); u32((long) random.nextInt(1 << 24) << 8); mark(); inner(); }
        else if (dst == 6081) {
            // Geneve: version 0 (now and then 1), 0-2 option words, an inner Ethernet frame or (protocol 0x0800) a bare IPv4 packet.
            int opt = random.nextInt(3);
            boolean bridged = random.nextInt(4) != 0;
            u8((random.nextInt(6) == 0 ? 0x40 : 0) | opt); u8(0); u16(bridged ? 0x6558 : 0x0800);
            u32((long) (random.nextBoolean() ? 7 : random.nextInt(1 << 24)) << 8);
            for (int i = 0; i < opt * 4; i++) u8(0);
            mark();
            if (bridged) inner(); else innerIp();
        }
        else bytes(8);
    }

    private void inner() {
        mac(pick(MACS)); mac(pick(MACS));
        if (random.nextInt(4) == 0) { u16(0x8100); u16(7); mark(); }
        u16(0x0800); mark();
        innerIp();
    }

    private void innerIp() {
        u8(0x45); u8(0); u16(40); u16(0); u16(0); u8(64); u8(6); u16(0); u32(pick(IPV4)); u32(pick(IPV4)); mark();
        u16(pick(PORTS)); u16(pick(PORTS)); bytes(16);
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }

    private long pick(long[] values) {
        return values[random.nextInt(values.length)];
    }

    private void mark() {
        boundaries.add(out.size());
    }

    private void u8(int v) {
        out.write(v & 0xff);
    }

    private void u16(int v) {
        u8(v >> 8);
        u8(v);
    }

    private void u32(long v) {
        u16((int) (v >> 16) & 0xffff);
        u16((int) v & 0xffff);
    }

    private void mac(long v) {
        u16((int) (v >> 32) & 0xffff);
        u32(v & 0xffffffffL);
    }

    private void bytes(int n) {
        for (int i = 0; i < n; i++) u8(random.nextInt(256));
    }

    private void ascii(String s) {
        for (char c : s.toCharArray()) u8(c);
    }

    /** A classic pcap file (Ethernet, microseconds); frame i has timestamp i seconds, so tcpdump -tt names it. */
    static void write(Path file, List<byte[]> frames) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + frames.stream().mapToInt(f -> 16 + f.length).sum()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            b.putInt(i).putInt(0).putInt(f.length).putInt(f.length).put(f);
        }
        Files.write(file, b.array());
    }
}
