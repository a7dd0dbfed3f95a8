package dev.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A classic pcap capture (not pcapng): either byte order, microsecond or nanosecond timestamps,
 * Ethernet link type only (the packet hooks start at the Ethernet header). A last record cut short
 * (a capture still being written, or copied in part) is not an error: the whole packets before it
 * are the capture, and {@code cut} says which record was cut, as tcpdump reports it.
 */
public record Capture(List<Packet> packets, boolean nanosecond, Optional<CutRecord> cut) {
    /** The pcap link type of Ethernet frames, the only one read and written. */
    public static final int LINKTYPE_ETHERNET = 1;
    private static final int MAGIC_MICRO = 0xa1b2c3d4;
    private static final int MAGIC_NANO = 0xa1b23c4d;

    /** One captured frame: its timestamp, the captured bytes, and the length it had on the wire. */
    public record Packet(long seconds, long fraction, byte[] data, int originalLength) {
        /** A whole frame (its length on the wire is its length) at time {@code seconds}. */
        public static Packet of(long seconds, byte[] frame) {
            return new Packet(seconds, 0, frame.clone(), frame.length);
        }
    }

    /**
     * The last record, numbered from 1, ends before the file does: {@code announced} bytes of it
     * (its 16-byte header, or the captured length its header gives) and {@code left} of them present.
     */
    public record CutRecord(int record, boolean inHeader, long announced, int left) {
        /** One line, for a warning. */
        public String describe() {
            return "record " + record + " is cut short (" + (inHeader ? left + " of its 16 header bytes" : "header says " + announced
                    + " bytes, " + left) + " left)";
        }
    }

    /** Copies the packets. */
    public Capture {
        packets = List.copyOf(packets);
    }

    /** A whole capture (no record cut short). */
    public Capture(List<Packet> packets, boolean nanosecond) {
        this(packets, nanosecond, Optional.empty());
    }

    /** A microsecond capture of {@code frames}, whole, one second apart from the epoch on. */
    public static Capture of(List<byte[]> frames) {
        List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) packets.add(Packet.of(i, frames.get(i)));
        return new Capture(packets, false);
    }

    /** The captured bytes of every packet, in order. */
    public List<byte[]> frames() {
        return packets.stream().map(p -> p.data().clone()).toList();
    }

    /** Reads a pcap file; an unreadable one is an {@link IOException}, a malformed one a {@link PcapFormatException}. */
    public static Capture read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    /** Writes the capture to {@code file} (replacing it) as {@link #write()} gives it. */
    public void write(Path file) throws IOException {
        Files.write(file, write());
    }

    /** Reads a classic pcap file's bytes; a malformed file is a {@link PcapFormatException} with the offset. */
    public static Capture read(byte[] file) {
        if (file.length < 24) throw new PcapFormatException(0, "too short for a pcap header (" + file.length + " bytes)");
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        boolean nano;
        if (magic == MAGIC_MICRO || magic == MAGIC_NANO) {
            nano = magic == MAGIC_NANO;
        } else {
            in.order(ByteOrder.BIG_ENDIAN);
            magic = in.getInt(0);
            if (magic != MAGIC_MICRO && magic != MAGIC_NANO) {
                if ((file[0] & 0xff) == 0x0a && (file[1] & 0xff) == 0x0d && (file[2] & 0xff) == 0x0d && (file[3] & 0xff) == 0x0a) {
                    throw new PcapFormatException(0, "this is a pcapng file; save it as classic pcap (e.g. tcpdump -w, editcap -F pcap)");
                }
                throw new PcapFormatException(0, String.format("not a pcap file (magic 0x%08x)", in.order(ByteOrder.LITTLE_ENDIAN).getInt(0)));
            }
            nano = magic == MAGIC_NANO;
        }
        int snaplen = in.getInt(16);
        int linkType = in.getInt(20) & 0x0fffffff;
        if (linkType != LINKTYPE_ETHERNET) {
            throw new PcapFormatException(20, "link type " + linkType + " is not Ethernet (1); Sluice's packet hooks start at the Ethernet header");
        }
        List<Packet> packets = new ArrayList<>();
        int at = 24;
        while (at < file.length) {
            if (file.length - at < 16) return new Capture(packets, nano, Optional.of(new CutRecord(packets.size() + 1, true, 16, file.length - at)));
            long seconds = in.getInt(at) & 0xffffffffL;
            long fraction = in.getInt(at + 4) & 0xffffffffL;
            int captured = in.getInt(at + 8);
            int original = in.getInt(at + 12);
            if (captured < 0 || captured > Math.max(snaplen, 262144)) {
                throw new PcapFormatException(at + 8, "packet " + (packets.size() + 1) + " claims " + Integer.toUnsignedString(captured)
                        + " captured bytes");
            }
            if (file.length - at - 16 < captured) {
                return new Capture(packets, nano, Optional.of(new CutRecord(packets.size() + 1, false, captured, file.length - at - 16)));
            }
            byte[] data = new byte[captured];
            System.arraycopy(file, at + 16, data, 0, captured);
            packets.add(new Packet(seconds, fraction, data, original));
            at += 16 + captured;
        }
        return new Capture(packets, nano, Optional.empty());
    }

    /** The capture as a little-endian classic pcap file. */
    public byte[] write() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(nanosecond ? MAGIC_NANO : MAGIC_MICRO).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(262144).putInt(LINKTYPE_ETHERNET);
        out.writeBytes(header.array());
        for (Packet p : packets) {
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt((int) p.seconds()).putInt((int) p.fraction()).putInt(p.data().length).putInt(p.originalLength());
            out.writeBytes(record.array());
            out.writeBytes(p.data());
        }
        return out.toByteArray();
    }
}
