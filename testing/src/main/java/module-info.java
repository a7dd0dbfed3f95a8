/**
 * The testing kit for users' rules (docs/TESTING.md): a frame builder, pcap files, jqwik arbitraries
 * of frames, interpreter and kernel runs with an agreement assertion, and the {@code @KernelTest}
 * annotation. One exported package; JUnit 5 and jqwik come with it, as its API uses their types.
 */
module dev.sluice.testing {
    requires transitive dev.sluice.runtime;
    requires transitive dev.sluice.grammar;
    requires transitive net.jqwik.api;
    requires transitive org.junit.jupiter.api;

    exports dev.sluice.testing;
}
