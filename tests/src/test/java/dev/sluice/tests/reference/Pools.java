package dev.sluice.tests.reference;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Values that random rules and random packets both draw from, so that rules match some packets:
 * a few ports, addresses and MACs, each sometimes replaced by a fully random value.
 */
public final class Pools {
    private Pools() {}

    /** VXLAN and Geneve network identifiers (24 bits). */
    public static final List<Integer> VNIS = List.of(0, 1, 42, 4096, 0xffffff);
    /** IPv6 flow labels (20 bits). */
    public static final List<Integer> FLOWS = List.of(0, 1, 0x12345, 0xfffff);
    public static final List<Integer> PORTS = List.of(22, 53, 80, 123, 443, 1000, 1500, 2000, 5353, 8080, 65535, 0);

    public static final List<byte[]> IPV4 = List.of(
            ip4(10, 0, 0, 1), ip4(10, 1, 2, 3), ip4(10, 255, 255, 255), ip4(192, 168, 1, 10), ip4(192, 168, 200, 1),
            ip4(198, 18, 0, 1), ip4(198, 18, 0, 2), ip4(172, 16, 5, 4), ip4(8, 8, 8, 8), ip4(0, 0, 0, 0),
            ip4(255, 255, 255, 255), ip4(11, 0, 0, 0));

    public static final List<byte[]> IPV6 = List.of(
            ip6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), ip6(0x2001, 0xdb8, 0xffff, 0, 0, 0, 0, 2),
            ip6(0xfd00, 0, 0, 0, 0, 0, 0, 0x42), ip6(0xfe80, 0, 0, 0, 0, 0, 0, 1), ip6(0, 0, 0, 0, 0, 0, 0, 1),
            ip6(0x2001, 0xdb9, 0, 0, 0, 0, 0, 1));

    public static final List<byte[]> MACS = List.of(
            mac(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff), mac(0x02, 0, 0, 0, 0, 1), mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xff));

    public static Arbitrary<Integer> ports() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(PORTS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 65535)));
    }

    public static Arbitrary<byte[]> ipv4() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(IPV4).map(byte[]::clone)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(4)));
    }

    public static Arbitrary<byte[]> ipv6() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(IPV6).map(byte[]::clone)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(16)));
    }

    public static Arbitrary<byte[]> macs() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.of(MACS).map(byte[]::clone)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(6)));
    }

    public static byte[] ip4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    public static byte[] ip6(int... groups) {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (groups[i] >> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        return out;
    }

    public static byte[] mac(int... bytes) {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) out[i] = (byte) bytes[i];
        return out;
    }
}
