package dev.sluice.tests.differential;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** The random programs and packets the differential properties draw from ({@link RandomPrograms}). */
abstract class RandomProgramProviders {
    @Provide
    Arbitrary<RandomProgram> registerPrograms() {
        return RandomPrograms.programs(false);
    }

    @Provide
    Arbitrary<RandomProgram> packetPrograms() {
        return RandomPrograms.programs(true);
    }

    @Provide
    Arbitrary<byte[]> packets() {
        return RandomPrograms.packets();
    }
}
