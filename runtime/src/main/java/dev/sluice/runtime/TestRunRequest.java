package dev.sluice.runtime;

import java.util.Objects;
import java.util.Optional;

/** Input of BPF_PROG_TEST_RUN: packet data, an optional context (e.g. an {@code xdp_md}), and a repeat count. */
public record TestRunRequest(byte[] data, Optional<byte[]> context, int repeat) {
    /** Rejects missing parts and a negative repeat count. */
    public TestRunRequest {
        Objects.requireNonNull(data);
        Objects.requireNonNull(context);
        if (repeat < 0) throw new IllegalArgumentException("repeat " + repeat);
    }

    /** One run on {@code data}, without a context. */
    public static TestRunRequest of(byte[] data) {
        return new TestRunRequest(data, Optional.empty(), 1);
    }

    /** The same request run {@code times} times in the kernel; the duration is then the average. */
    public TestRunRequest repeat(int times) {
        return new TestRunRequest(data, context, times);
    }

    /** The same request with a context ({@code xdp_md}, {@code __sk_buff}) given to the program. */
    public TestRunRequest context(byte[] ctx) {
        return new TestRunRequest(data, Optional.of(ctx), repeat);
    }
}
