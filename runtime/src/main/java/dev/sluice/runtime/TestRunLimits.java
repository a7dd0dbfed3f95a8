package dev.sluice.runtime;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The frames BPF_PROG_TEST_RUN refuses with EINVAL before a program sees them, so that a refusal
 * can say why instead of naming an errno. Every packet type refuses a frame shorter than an
 * Ethernet header; the skb types (tc, socket, cgroup_skb) also refuse an IPv4 or IPv6 EtherType
 * whose IP header is incomplete, because the kernel reads the network header while building the
 * skb. Measured on Linux 6.18 (TestRunLimitsTest runs each boundary in the kernel).
 */
public final class TestRunLimits {
    private static final Set<ProgramType> SKB = Set.of(ProgramType.SCHED_CLS, ProgramType.SOCKET_FILTER, ProgramType.CGROUP_SKB);

    /** Frames of {@code etherType} (or of any, when it is absent) shorter than {@code bytes} are refused. */
    record Minimum(Optional<Integer> etherType, String network, int bytes) {}

    /** The Ethernet header, then the skb types' IP headers: 14 + 20 and 14 + 40. */
    private static final List<Minimum> ANY = List.of(new Minimum(Optional.empty(), "", 14));
    private static final List<Minimum> SKB_MINIMUMS = List.of(new Minimum(Optional.empty(), "", 14),
            new Minimum(Optional.of(0x0800), "IPv4", 34), new Minimum(Optional.of(0x86dd), "IPv6", 54));

    private TestRunLimits() {}

    /** Why the kernel's test run of a {@code type} program refuses {@code frame}, or empty when it takes it. */
    public static Optional<String> refusal(ProgramType type, byte[] frame) {
        for (Minimum m : SKB.contains(type) ? SKB_MINIMUMS : ANY) {
            boolean applies = m.etherType().isEmpty()
                    || frame.length >= 14 && ((frame[12] & 0xff) << 8 | (frame[13] & 0xff)) == m.etherType().get();
            if (applies && frame.length < m.bytes()) {
                String what = m.network().isEmpty() ? "frames" : hook(type) + " frames of " + m.network();
                return Optional.of("the kernel's test run refuses " + what + " shorter than " + m.bytes() + " bytes (this one has "
                        + frame.length + ")");
            }
        }
        return Optional.empty();
    }

    /** The hook a program type is, in the rule language's words. */
    private static String hook(ProgramType type) {
        return switch (type) {
            case SCHED_CLS -> "tc";
            case SOCKET_FILTER -> "socket";
            case CGROUP_SKB -> "cgroup";
            default -> type.kernelName();
        };
    }
}
