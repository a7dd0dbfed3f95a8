package dev.sluice.testing;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Field values for random frames: often a constant of the rules under test (or its edge), often a
 * common value, sometimes anything. Small values come first, so that shrinking ends on them.
 */
final class Values {
    private static final List<Integer> PORTS = List.of(0, 22, 53, 80, 123, 443, 1024, 4789, 6081, 8080, 65535);
    private static final List<byte[]> IPV4 = List.of(
            new byte[] {(byte) 198, 18, 0, 1}, new byte[] {(byte) 198, 18, 0, 2}, new byte[] {10, 0, 0, 1},
            new byte[] {(byte) 192, (byte) 168, 1, 1}, new byte[] {8, 8, 8, 8}, new byte[] {0, 0, 0, 0},
            new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
    private static final List<byte[]> IPV6 = List.of(v6(0x2001, 0xdb8, 1), v6(0x2001, 0xdb8, 2), v6(0xfd00, 0, 0x42), v6(0xfe80, 0, 1),
            v6(0, 0, 1), v6(0, 0, 0));
    private static final List<byte[]> MACS = List.of(new byte[] {2, 0, 0, 0, 0, 1}, new byte[] {2, 0, 0, 0, 0, 2},
            new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff},
            new byte[] {-1, -1, -1, -1, -1, -1});

    private final Constants constants;

    Values(Constants constants) {
        this.constants = constants;
    }

    /** An integer field of {@code min..max}: the rules' constants in range, the range's ends, or any value. */
    Arbitrary<Integer> ints(int min, int max) {
        List<Integer> hits = new ArrayList<>();
        for (long c : constants.integers()) if (c >= min && c <= max && !hits.contains((int) c)) hits.add((int) c);
        Arbitrary<Integer> any = Arbitraries.integers().between(min, max);
        if (hits.isEmpty()) return Arbitraries.frequencyOf(Tuple.of(4, any), Tuple.of(1, Arbitraries.of(min, max)));
        return Arbitraries.frequencyOf(Tuple.of(2, any), Tuple.of(4, Arbitraries.of(hits)), Tuple.of(1, Arbitraries.of(min, max)));
    }

    /** A port: the rules' constants, well-known ports, or any. */
    Arbitrary<Integer> ports() {
        return Arbitraries.frequencyOf(Tuple.of(3, ints(0, 65535)), Tuple.of(1, Arbitraries.of(PORTS)));
    }

    Arbitrary<byte[]> ipv4() {
        return addresses(constants.ipv4(), IPV4, 4);
    }

    Arbitrary<byte[]> ipv6() {
        return addresses(constants.ipv6(), IPV6, 16);
    }

    Arbitrary<byte[]> macs() {
        return addresses(constants.macs(), MACS, 6);
    }

    private static Arbitrary<byte[]> addresses(List<byte[]> hits, List<byte[]> common, int width) {
        Arbitrary<byte[]> usual = Arbitraries.of(common).map(byte[]::clone);
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofSize(width);
        if (hits.isEmpty()) return Arbitraries.frequencyOf(Tuple.of(3, usual), Tuple.of(1, any));
        return Arbitraries.frequencyOf(Tuple.of(3, usual), Tuple.of(4, Arbitraries.of(hits).map(byte[]::clone)), Tuple.of(1, any));
    }

    private static byte[] v6(int first, int second, int last) {
        byte[] out = new byte[16];
        out[0] = (byte) (first >> 8);
        out[1] = (byte) first;
        out[2] = (byte) (second >> 8);
        out[3] = (byte) second;
        out[14] = (byte) (last >> 8);
        out[15] = (byte) last;
        return out;
    }
}
