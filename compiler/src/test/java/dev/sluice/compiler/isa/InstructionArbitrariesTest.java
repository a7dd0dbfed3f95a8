package dev.sluice.compiler.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Example;

class InstructionArbitrariesTest {

    /** Every kind of the model (operation, width, source, size, pseudo source, call kind...) comes up. */
    @Example
    void generatesEveryKindOfInstruction() {
        Set<String> all = InstructionKinds.oneOfEach().stream()
                .map(InstructionKinds::kind)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> generated = InstructionArbitraries.arbitrary().sampleStream()
                .limit(30_000)
                .map(InstructionKinds::kind)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, generated);
    }
}
