package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.lower.Condition;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** How the rules read the parsed fields: presence tests and values, wherever {@link FieldStorage} put them. */
final class FieldReads {
    /** All ones, the value of an absent field that is marked absent by its value (as a sign-extended immediate). */
    private static final int ABSENT = -1;

    private final CodeBuilder b;
    private final ParsedFields parsed;
    /**
     * Fields that a condition on the current path has already shown present (by the field its
     * presence is kept with, {@link FieldStorage.SameAs}): their tests are not emitted again.
     */
    private final Set<PacketField> proven = EnumSet.noneOf(PacketField.class);

    FieldReads(CodeBuilder b, ParsedFields parsed) {
        this.b = b;
        this.parsed = parsed;
    }

    /** Runs {@code body}, whose code runs only where {@code holds} held, without testing again the fields it showed present. */
    void whileHolding(Condition holds, Runnable body) {
        Set<PacketField> before = EnumSet.copyOf(proven);
        prove(holds);
        body.run();
        proven.retainAll(before);
    }

    /** Emits each of a conjunction's {@code parts}, the ones after a part knowing the fields it showed present. */
    void eachHolding(List<Condition> parts, Consumer<Condition> emit) {
        Set<PacketField> before = EnumSet.copyOf(proven);
        for (Condition part : parts) {
            emit.accept(part);
            prove(part);
        }
        proven.retainAll(before);
    }

    /** Adds the fields that {@code c} holding shows present: every field a test of it reads, as its code jumps away when one is absent. */
    private void prove(Condition c) {
        if (c instanceof Condition.All all) {
            all.conditions().forEach(this::prove);
            return;
        }
        Set<PacketField> fields = EnumSet.noneOf(PacketField.class);
        if (c instanceof Condition.Present p) fields.add(p.field());
        else if (c instanceof Condition.Compare cmp) fields.add(cmp.field());
        else if (c instanceof Condition.Prefix p) fields.add(p.field());
        else if (c instanceof Condition.InSet in) fields.add(in.field());
        else if (c instanceof Condition.AnyBits bits) fields.add(bits.field());
        else if (c instanceof Condition.BytesEqual eq) fields.add(eq.field());
        else if (c instanceof Condition.InIntervals in) fields.add(in.field());
        else if (c instanceof Condition.CompareValues cv) {
            cv.left().fields(fields);
            cv.right().fields(fields);
        }
        for (PacketField f : fields) proven.add(keptWith(f));
    }

    /** The field whose presence {@code field}'s is kept with: a protocol test's value field, else itself. */
    private PacketField keptWith(PacketField field) {
        return parsed.storage(field) instanceof FieldStorage.SameAs same ? same.value() : field;
    }

    /** Jumps to {@code otherwise} unless {@code field} is present (may use r1). */
    void requirePresent(PacketField field, Label otherwise) {
        if (proven.contains(keptWith(field))) return;
        FieldStorage s = parsed.storage(field);
        if (s instanceof FieldStorage.SameAs same) {
            requirePresent(same.value(), otherwise);
        } else if (s instanceof FieldStorage.SentinelRegister) {
            b.jump(JumpOp.JEQ, R6, ABSENT, otherwise);
        } else if (s instanceof FieldStorage.SentinelSlot) {
            b.load(Size.DW, R1, R10, parsed.offset(field)).jump(JumpOp.JEQ, R1, ABSENT, otherwise);
        } else if (field.isInner()) {
            // The inner layer's presence word is on the stack (r6 is the outer one's); r1 alone tests any of its bits.
            b.load(Size.DW, R1, R10, parsed.innerWordOffset());
            int shift = Long.numberOfTrailingZeros(field.bit());
            if (shift > 0) b.alu64(AluOp.RSH, R1, shift);
            b.alu64(AluOp.AND, R1, 1).jump(JumpOp.JEQ, R1, 0, otherwise);
        } else {
            long bit = field.bit();
            if (bit > 0 && bit < (1L << 31)) {
                b.mov64(R1, R6).alu64(AluOp.AND, R1, (int) bit);
            } else {
                b.loadImm64(R1, bit).alu64(AluOp.AND, R1, R6);
            }
            b.jump(JumpOp.JEQ, R1, 0, otherwise);
        }
    }

    /**
     * The register holding a present one-slot {@code field}'s value, jumping to {@code otherwise}
     * when it is absent: r6 itself when it lives there (never to be changed), else {@code scratch}
     * loaded. With {@code absentFails} the caller's own test fails on all ones, so a field marked
     * absent by its value needs no test of its own.
     */
    Register presentValue(PacketField field, Label otherwise, boolean absentFails, Register scratch) {
        FieldStorage s = parsed.storage(field);
        absentFails |= proven.contains(keptWith(field));
        if (s instanceof FieldStorage.SentinelRegister) {
            if (!absentFails) b.jump(JumpOp.JEQ, R6, ABSENT, otherwise);
            return R6;
        }
        if (s instanceof FieldStorage.SentinelSlot) {
            b.load(Size.DW, scratch, R10, parsed.offset(field));
            if (!absentFails) b.jump(JumpOp.JEQ, scratch, ABSENT, otherwise);
            return scratch;
        }
        requirePresent(field, otherwise);
        b.load(Size.DW, scratch, R10, parsed.offset(field));
        return scratch;
    }

    /** Whether {@code field}'s absence shows as all ones in its value. */
    boolean absentIsAllOnes(PacketField field) {
        FieldStorage s = parsed.storage(field);
        return s instanceof FieldStorage.SentinelRegister || s instanceof FieldStorage.SentinelSlot;
    }

    /** {@code dst} = slot {@code slot} of {@code field}'s value (a copy: dst may be changed). */
    void load(PacketField field, int slot, Register dst) {
        if (parsed.storage(field) instanceof FieldStorage.SentinelRegister) b.mov64(dst, R6);
        else b.load(Size.DW, dst, R10, parsed.offset(field) + 8 * slot);
    }

    /** The register holding slot 0 of {@code field}'s value, to read and not change: r6 itself when it lives there, else {@code scratch} loaded. */
    Register value(PacketField field, Register scratch) {
        if (parsed.storage(field) instanceof FieldStorage.SentinelRegister) return R6;
        load(field, 0, scratch);
        return scratch;
    }

    /** The stack offset of {@code field}'s first value slot in this program. */
    int offset(PacketField field) {
        return parsed.offset(field);
    }

    /** Makes {@code field}'s stack slot hold its value, for a helper that reads it from there (a map key). */
    void spill(PacketField field) {
        if (parsed.storage(field) instanceof FieldStorage.SentinelRegister) b.store(Size.DW, R10, parsed.offset(field), R6);
    }
}
