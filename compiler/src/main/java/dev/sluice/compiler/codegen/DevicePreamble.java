package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;

/**
 * The preamble of cgroup device programs, in place of a packet parse. bpf_cgroup_dev_ctx:
 * access_type = (ACCESS << 16) | TYPE with ACCESS mknod 1, read 2, write 4 and TYPE block 1,
 * char 2; major at 4, minor at 8. Every field is always present.
 */
final class DevicePreamble {
    private static final PacketField[] ACCESS = {PacketField.DEV_MKNOD, PacketField.DEV_READ, PacketField.DEV_WRITE};

    private final ParsedFields p;
    private final CodeBuilder b;

    DevicePreamble(ParsedFields parser) {
        this.p = parser;
        this.b = parser.builder();
    }

    /** Expects the context in r1. */
    void emit() {
        // All three words first: setting a high presence bit uses r1, which holds the context.
        b.mov64(R6, 0).load(Size.W, R7, R1, 0).load(Size.W, R8, R1, 4).load(Size.W, R9, R1, 8);
        p.store(PacketField.DEV_MAJOR, R8);
        p.store(PacketField.DEV_MINOR, R9);
        if (p.needs(PacketField.DEV_TYPE)) {
            b.mov64(R2, R7).alu64(AluOp.AND, R2, 0xffff);
            p.store(PacketField.DEV_TYPE, R2);
        }
        for (int i = 0; i < ACCESS.length; i++) {
            if (!p.needs(ACCESS[i])) continue;
            Label absent = b.newLabel();
            b.mov64(R2, R7).alu64(AluOp.AND, R2, 1 << (16 + i)).jump(JumpOp.JEQ, R2, 0, absent);
            p.present(ACCESS[i]);
            b.bind(absent);
        }
        p.finish();
    }
}
