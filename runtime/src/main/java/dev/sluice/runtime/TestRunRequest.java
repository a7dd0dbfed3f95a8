package dev.sluice.runtime;

import java.util.Objects;
import java.util.Optional;

/** Input of BPF_PROG_TEST_RUN: packet data, an optional context (e.g. an {@code xdp_md}), and a repeat count. */
public record TestRunRequest(byte[] data, Optional<byte[]> context, int repeat) {
    public TestRunRequest {
        Objects.requireNonNull(data);
        Objects.requireNonNull(context);
        if (repeat < 0) throw new IllegalArgumentException("repeat " + repeat);
    }

    public static TestRunRequest of(byte[] data) {
        return new TestRunRequest(data, Optional.empty(), 1);
    }

    public TestRunRequest repeat(int times) {
        return new TestRunRequest(data, context, times);
    }

    public TestRunRequest context(byte[] ctx) {
        return new TestRunRequest(data, Optional.of(ctx), repeat);
    }
}
