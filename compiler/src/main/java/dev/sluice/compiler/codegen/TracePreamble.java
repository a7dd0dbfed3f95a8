package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Helper;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.lower.TraceSetup;
import dev.sluice.compiler.trace.PtRegs;

/**
 * The preamble of trace programs, in place of a packet parse: the task and, for probes, the
 * registers. pid and tid from get_current_pid_tgid, uid and gid from get_current_uid_gid, cpu,
 * nsecs (ktime_get_ns), comm (get_current_comm into its two slots), arg0..arg5 and retval from
 * pt_regs, pc from the sampled registers, tracepoint record words, and the one str() read.
 * Helper calls clobber r1-r5, so the context waits in r7.
 */
final class TracePreamble {
    private static final PacketField[] ARGUMENTS = {PacketField.ARG0, PacketField.ARG1, PacketField.ARG2, PacketField.ARG3,
            PacketField.ARG4, PacketField.ARG5};

    private final ParsedFields p;
    private final CodeBuilder b;
    private final TraceSetup setup;

    TracePreamble(ParsedFields parser, TraceSetup setup) {
        this.p = parser;
        this.b = parser.builder();
        this.setup = setup;
    }

    /** Expects the context in r1; {@code access} says which registers it has (pt_regs, perf event data, none). */
    void emit(ContextAccess access) {
        PtRegs regs = setup.arch();
        b.mov64(R7, R1).mov64(R6, 0);
        task();
        if (access == ContextAccess.TRACE_PT_REGS) {
            for (int i = 0; i < ARGUMENTS.length; i++) {
                if (!p.needs(ARGUMENTS[i])) continue;
                b.load(Size.DW, R2, R7, regs.argument(i));
                p.store(ARGUMENTS[i], R2);
            }
            if (p.needs(PacketField.RETVAL)) {
                b.load(Size.DW, R2, R7, regs.returnValue());
                p.store(PacketField.RETVAL, R2);
            }
        }
        if (access == ContextAccess.TRACE_PERF_EVENT && p.needs(PacketField.PC)) {
            b.load(Size.DW, R2, R7, regs.instructionPointer());
            p.store(PacketField.PC, R2);
        }
        recordWords();
        if (p.needs(PacketField.STR) && setup.string().isPresent()) string(setup.string().get());
        p.finish();
    }

    private void task() {
        halves(Helper.GET_CURRENT_PID_TGID, PacketField.PID, PacketField.TID);
        halves(Helper.GET_CURRENT_UID_GID, PacketField.GID, PacketField.UID);
        if (p.needs(PacketField.CPU)) {
            b.call(Helper.GET_SMP_PROCESSOR_ID);
            p.store(PacketField.CPU, R0);
        }
        if (p.needs(PacketField.NSECS)) {
            b.call(Helper.KTIME_GET_NS);
            p.store(PacketField.NSECS, R0);
        }
        if (p.needs(PacketField.COMM)) {
            int comm = ParsedFields.offsetOf(PacketField.COMM);
            b.store(Size.DW, R10, comm, 0).store(Size.DW, R10, comm + 8, 0)
                    .mov64(R1, R10).alu64(AluOp.ADD, R1, comm).mov64(R2, 16).call(Helper.GET_CURRENT_COMM);
            p.present(PacketField.COMM);
        }
    }

    /** A helper that returns two u32 values in one u64 ({@code tgid << 32 | pid}, {@code gid << 32 | uid}). */
    private void halves(Helper helper, PacketField high, PacketField low) {
        if (!p.needs(high, low)) return;
        b.call(helper).mov64(R8, R0);
        if (p.needs(high)) {
            b.mov64(R2, R8).alu64(AluOp.RSH, R2, 32);
            p.store(high, R2);
        }
        if (p.needs(low)) {
            b.mov64(R2, R8).alu64(AluOp.LSH, R2, 32).alu64(AluOp.RSH, R2, 32);
            p.store(low, R2);
        }
    }

    /** args.NAME: words of the tracepoint's record at their format-file offsets, sign-extended where signed. */
    private void recordWords() {
        var words = setup.recordWords();
        for (int i = 0; i < words.size(); i++) {
            PacketField slot = PacketField.RECORD_WORDS[i];
            if (!p.needs(slot)) continue;
            var w = words.get(i);
            b.load(Size.ofBytes(w.size()), R2, R7, w.offset());
            if (w.signed() && w.size() < 8) {
                int shift = 64 - 8 * w.size();
                b.alu64(AluOp.LSH, R2, shift).alu64(AluOp.ARSH, R2, shift);
            }
            p.store(slot, R2);
        }
    }

    /** str(FIELD): up to 64 bytes at the address the field holds, when it is present and readable. */
    private void string(TraceSetup.StringRead read) {
        // The address must be parsed already (it precedes STR in the preamble's order).
        Label unread = b.newLabel();
        int buffer = ParsedFields.offsetOf(PacketField.STR);
        for (int i = 0; i < 8; i++) b.store(Size.DW, R10, buffer + 8 * i, 0);
        b.mov64(R1, R6);
        long bit = read.address().bit();
        if (bit > 0 && bit < (1L << 31)) {
            b.alu64(AluOp.AND, R1, (int) bit);
        } else {
            b.loadImm64(R2, bit).alu64(AluOp.AND, R1, R2);
        }
        b.jump(JumpOp.JEQ, R1, 0, unread)
                .load(Size.DW, R3, R10, ParsedFields.offsetOf(read.address()))
                .mov64(R1, R10).alu64(AluOp.ADD, R1, buffer).mov64(R2, 64)
                .call(read.user() ? Helper.PROBE_READ_USER_STR : Helper.PROBE_READ_KERNEL_STR)
                .jump(JumpOp.JSLT, R0, 0, unread);
        p.present(PacketField.STR);
        b.bind(unread);
    }
}
