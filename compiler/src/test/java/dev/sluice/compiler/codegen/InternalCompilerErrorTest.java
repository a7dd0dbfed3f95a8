package dev.sluice.compiler.codegen;

import dev.sluice.compiler.image.SourceMark;
import dev.sluice.compiler.hooks.ContextAccess;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;
import dev.sluice.dsl.model.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Code the verifier model rejects never leaves the compiler: the error names the rule it belongs to. */
class InternalCompilerErrorTest {
    @Test
    void aRejectedReadNamesItsRule() {
        CodeBuilder b = new CodeBuilder();
        Label out = b.newLabel();
        // A parse that proves 14 bytes, then a "rule" that reads byte 20 without proving it.
        b.load(Size.W, R2, R1, 0).load(Size.W, R3, R1, 4).mov64(R0, 2).mov64(R4, R2).alu64(AluOp.ADD, R4, 14)
                .jump(JumpOp.JGT, R4, R3, out);
        int rule = b.size();
        b.load(Size.B, R5, R2, 20).bind(out).exit();
        SourceLocation at = new SourceLocation("rules.ebpf", 7, 5);
        CompiledFilter compiled = new CompiledFilter(b.build(), List.of(),
                List.of(new SourceMark(rule, at)));
        InternalCompilerError e = assertThrows(InternalCompilerError.class,
                () -> VerifierGate.require(compiled, ContextAccess.XDP));
        assertTrue(e.getMessage().startsWith("internal error: the code for the rule at rules.ebpf:7:5 would be rejected by the"
                + " kernel verifier at instruction 6: packet access at +20 of 1 bytes, but only 14 bytes are proven"), e.getMessage());
    }

    @Test
    void acceptedCodePasses() {
        CodeBuilder b = new CodeBuilder().mov64(R0, 2).exit();
        assertDoesNotThrow(() -> VerifierGate.require(new CompiledFilter(b.build(), List.of()), ContextAccess.XDP));
    }
}
