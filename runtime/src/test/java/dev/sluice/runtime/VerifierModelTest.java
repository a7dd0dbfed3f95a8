package dev.sluice.runtime;

import dev.sluice.compiler.hooks.ContextAccess;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.codegen.VerifierModel;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.testing.KernelRequirement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The compiler's model of the verifier against the verifier: each mistake a code generator can
 * make is caught by the model, and the kernel rejects the same code; the corrected code passes both.
 */
class VerifierModelTest {
    private static Optional<VerifierModel.Rejection> model(Code code) {
        return VerifierModel.check(code, ContextAccess.XDP);
    }

    /** The kernel's verdict on {@code code} as XDP, with one hash map (4-byte keys, 8-byte values) as map #0. */
    private static boolean kernelAccepts(Code code) {
        KernelRequirement.bpf();
        try (MapGroup maps = MapGroup.create(List.of(new dev.sluice.compiler.maps.MapDefinition(
                new MapSpec("m", MapType.HASH, 4, 8, 4, 0), List.of())));
             BpfProgram p = BpfProgram.load(LoadRequest.of("model", ProgramType.XDP, MapBinding.bind(code, maps.maps())))) {
            return p.isOpen();
        } catch (VerifierException e) {
            return false;
        }
    }

    private static void bothReject(Code code, String reason) {
        Optional<VerifierModel.Rejection> r = model(code);
        assertTrue(r.isPresent(), "the model accepted:\n" + dev.sluice.compiler.isa.Disassembler.listing(code));
        assertTrue(r.get().reason().contains(reason), r.get().reason());
        assertFalse(kernelAccepts(code), "the kernel accepted what the model rejects");
    }

    private static void bothAccept(Code code) {
        assertEquals(Optional.empty(), model(code));
        assertTrue(kernelAccepts(code), "the kernel rejected what the model accepts");
    }

    private static Code packetRead(boolean checked, int proven) {
        CodeBuilder b = new CodeBuilder();
        Label out = b.newLabel();
        b.load(Size.W, R2, R1, 0).load(Size.W, R3, R1, 4).mov64(R0, 2);
        if (checked) b.mov64(R4, R2).alu64(AluOp.ADD, R4, proven).jump(JumpOp.JGT, R4, R3, out);
        b.load(Size.H, R5, R2, 12).bind(out).exit();
        return b.build();
    }

    @Test
    void packetReadsNeedABoundsCheck() {
        bothReject(packetRead(false, 0), "only 0 bytes are proven");
        bothReject(packetRead(true, 13), "only 13 bytes are proven");
        bothAccept(packetRead(true, 14));
    }

    private static Code lookup(boolean nullChecked) {
        CodeBuilder b = new CodeBuilder();
        Label out = b.newLabel();
        b.store(Size.W, R10, -4, 0).mov64(R2, R10).alu64(AluOp.ADD, R2, -4)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0)).call(1);
        if (nullChecked) b.jump(JumpOp.JEQ, R0, 0, out);
        b.load(Size.DW, R1, R0, 0).bind(out).mov64(R0, 2).exit();
        return b.build();
    }

    @Test
    void mapValuesNeedANullCheck() {
        bothReject(lookup(false), "checked against null");
        bothAccept(lookup(true));
    }

    @Test
    void registersAndStackMustBeWrittenFirst() {
        bothReject(new CodeBuilder().mov64(R0, R3).exit().build(), "r3 is read before it is set");
        // Root may read uninitialised stack in the kernel; the model holds generated code to the stricter rule.
        Optional<VerifierModel.Rejection> stack = model(new CodeBuilder().load(Size.DW, R0, R10, -8).exit().build());
        assertTrue(stack.isPresent() && stack.get().reason().contains("stack byte -8 is read before it is written"), stack.toString());
        bothReject(new CodeBuilder().store(Size.DW, R10, -520, 0).mov64(R0, 2).exit().build(), "outside the 512-byte frame");
        // Returning an address is refused to unprivileged programs only ("leaks addr"); generated code never does it.
        Optional<VerifierModel.Rejection> leak = model(new CodeBuilder().mov64(R0, R10).exit().build());
        assertTrue(leak.isPresent() && leak.get().reason().contains("r0 holds a pointer at exit"), leak.toString());
    }

    /** What `sluice check` shows of a rejection: the verifier's last lines before its statistics. */
    @Test
    void aRejectionKeepsTheLinesThatSayWhy() {
        KernelRequirement.bpf();
        Code code = packetRead(false, 0);
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("bad", ProgramType.XDP, code))) {
            fail("the kernel accepted an unchecked packet read");
        } catch (VerifierException e) {
            List<String> lines = e.relevantLines(3);
            assertEquals(3, lines.size(), e.log());
            assertTrue(lines.stream().anyMatch(l -> l.contains("invalid access to packet")), lines.toString());
            assertEquals(e.reason(), lines.get(2).strip());
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("processed")), lines.toString());
        }
    }

    @Test
    void everyPathCounts() {
        // Only the path where r2's first byte is odd forgets the bounds check.
        CodeBuilder b = new CodeBuilder();
        Label unchecked = b.newLabel();
        Label out = b.newLabel();
        b.load(Size.W, R2, R1, 0).load(Size.W, R3, R1, 4).mov64(R0, 2).mov64(R4, R2).alu64(AluOp.ADD, R4, 1)
                .jump(JumpOp.JGT, R4, R3, out).load(Size.B, R5, R2, 0).jump(JumpOp.JSET, R5, 1, unchecked)
                .goTo(out).bind(unchecked).load(Size.B, R5, R2, 8).bind(out).exit();
        bothReject(b.build(), "packet access at +8");
    }
}
