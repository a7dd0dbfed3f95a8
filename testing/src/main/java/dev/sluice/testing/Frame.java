package dev.sluice.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An Ethernet frame's bytes and the offsets at which its headers end (Ethernet with its tags, each IP
 * header part, the L4 header, the payload), so that it can be cut exactly at a boundary. Its
 * {@link #toString()} is its hex and its tcpdump-style summary, as jqwik reports a failing sample.
 */
public record Frame(byte[] bytes, List<Integer> headerEnds) {
    /** Copies the bytes and the offsets. */
    public Frame {
        bytes = bytes.clone();
        headerEnds = List.copyOf(headerEnds);
    }

    /** A frame of raw bytes without known header boundaries (the whole frame is one). */
    public static Frame of(byte[] bytes) {
        return new Frame(bytes, List.of(bytes.length));
    }

    /** The frame's bytes (a copy). */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Its length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** The first {@code length} bytes (all of them when {@code length} is longer), header ends kept where they still fall. */
    public Frame cut(int length) {
        int n = Math.max(0, Math.min(length, bytes.length));
        List<Integer> ends = new ArrayList<>(headerEnds.stream().filter(e -> e < n).toList());
        ends.add(n);
        return new Frame(Arrays.copyOf(bytes, n), ends);
    }

    /** The frame cut at every header end and one byte short of each: the lengths where parsers go wrong. */
    public List<Frame> cutsAtHeaderEnds() {
        List<Frame> out = new ArrayList<>();
        for (int end : headerEnds) {
            if (end > 0 && end - 1 < bytes.length) out.add(cut(end - 1));
            if (end < bytes.length) out.add(cut(end));
        }
        return out;
    }

    /** The bytes in lower-case hex, no separators. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** One line, as tcpdump prints the frame ({@link FrameSummary}). */
    public String summary() {
        return FrameSummary.of(bytes);
    }

    /** Equal bytes and header ends. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && Arrays.equals(bytes, f.bytes) && headerEnds.equals(f.headerEnds);
    }

    /** From the bytes and the header ends. */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + headerEnds.hashCode();
    }

    /** The summary, then the hex: {@code IP 198.18.0.2.40000 > 198.18.0.1.22: Flags [S], length 0 [0200...]}. */
    @Override
    public String toString() {
        return summary() + " [" + hex() + "]";
    }
}
