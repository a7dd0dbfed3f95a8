package dev.sluice.tests.differential;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Decoder;
import dev.sluice.compiler.isa.Instruction;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The generator itself: programs build, encode, and end in exit. */
class RandomProgramTest {
    @Property(tries = 300)
    void programsBuildAndRoundTrip(@ForAll("programs") RandomProgram p) {
        Code code = p.compile();
        assertEquals(code.instructions(), Decoder.decode(code.encode()));
        assertInstanceOf(Instruction.Exit.class, code.get(code.size() - 1));
        assertTrue(code.slotCount() < 4096);
    }

    @Provide
    Arbitrary<RandomProgram> programs() {
        return RandomPrograms.programs(true);
    }
}
