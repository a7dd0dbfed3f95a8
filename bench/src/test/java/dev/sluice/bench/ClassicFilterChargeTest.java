package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.bench.KernelClassicConversion.ClassicInstruction;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The counting model against the kernel itself: the length the kernel charges a socket for each
 * hand-counted filter (SO_ATTACH_FILTER, SO_MEMINFO) is the model's. Needs Linux, no privilege.
 */
class ClassicFilterChargeTest {
    private static void sameAsTheKernel(List<ClassicInstruction> program) {
        assertEquals(OptionalInt.of(KernelClassicConversion.convertedLength(program)), ClassicFilterCharge.convertedLength(program));
    }

    @Test
    void theKernelHoldsWhatTheModelCounts() {
        sameAsTheKernel(KernelClassicConversionTest.listing(KernelClassicConversionTest.IP6));
        sameAsTheKernel(KernelClassicConversionTest.listing(KernelClassicConversionTest.TCP_PORT_22));
        sameAsTheKernel(KernelClassicConversionTest.rarerForms());
        sameAsTheKernel(KernelClassicConversionTest.listing("4;128 0 0 0;53 0 1 100;6 0 0 1;6 0 0 0"));
        assertEquals(OptionalInt.of(26), ClassicFilterCharge.convertedLength(KernelClassicConversionTest.listing(KernelClassicConversionTest.IP6)));
    }

    @Test
    void aBackwardJumpIsRefusedByBoth() {
        assertEquals(OptionalInt.empty(), ClassicFilterCharge.convertedLength(KernelClassicConversionTest.BACKWARD));
        assertThrows(IllegalArgumentException.class, () -> KernelClassicConversion.convertedLength(KernelClassicConversionTest.BACKWARD));
    }
}
