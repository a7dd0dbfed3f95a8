package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.image.EventFormat;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.image.SourceMark;
import dev.sluice.compiler.isa.Helper;
import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.AtomicOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.JumpPasses;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Simplify;
import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import java.util.ArrayList;
import dev.sluice.compiler.lower.Statement;
import java.util.List;

/**
 * Code for a lowered packet program. After {@link PacketParser} has left the parsed packet on the
 * stack and the presence word in r6, conditions become jump chains that fall through when they
 * hold and jump away when they do not (short-circuit, nothing materialised); a statement list
 * ends with the default verdict.
 *
 * <p>Registers: r6 = presence word or one parsed value ({@link FieldStorage}; kept across helper calls), r1-r5 scratch, r0 the verdict.
 * Stack: the parsed packet at {@link ParsedFields#STACK_BASE}, a set's key just below it, an aggregate's key or an event
 * record below the spare slots ({@link ParsedFields#SCRATCH_TOP}).
 */
public final class FilterCodegen {
    private static final int KEY_SLOT = ParsedFields.STACK_BASE - 8;
    /** An LPM key (u32 prefix length + up to 16 address bytes), 8-aligned below the counter key. */
    private static final int LPM_KEY = ParsedFields.STACK_BASE - 32;

    private final CodeBuilder b = new CodeBuilder();
    private final FilterProgram program;
    private final List<ValueSet> sets;
    private final MapLayout layout;
    private final List<java.util.Map.Entry<Label, dev.sluice.dsl.model.SourceLocation>> marks = new ArrayList<>();
    /** How the rules read what the preamble parsed; known once the preamble is emitted. */
    private FieldReads reads;

    private FilterCodegen(FilterProgram program, MapLayout layout) {
        this.program = program;
        this.sets = program.sets();
        this.layout = layout;
    }

    /** The code generation and jump-threading passes: code for {@code program}, referring to the maps of {@code layout} by index. */
    public static CompiledFilter compile(FilterProgram program, MapLayout layout) {
        EmittedFilter emitted = emit(program, layout);
        JumpPasses.apply(emitted.code());
        return emitted.build();
    }

    /** The code generation pass alone: instructions with labels, jumps not yet resolved. */
    public static EmittedFilter emit(FilterProgram program, MapLayout layout) {
        ImpliedVersionTests implied = ImpliedVersionTests.of(program);
        FilterCodegen g = new FilterCodegen(implied.program(), layout);
        g.emit(implied);
        return new EmittedFilter(g.b, g.marks, layout.definitions());
    }

    private void emit(ImpliedVersionTests implied) {
        ParsedFields parsed = PacketParser.emit(b, program.access(), UsedFields.of(program), implied.onlyIpv4(), implied.onlyIpv6(),
                program.trace());
        reads = new FieldReads(b, parsed);
        // The verifier refuses unreachable instructions, so nothing is emitted after a certain exit.
        if (!statements(program.body())) b.mov64(R0, program.defaultVerdict()).exit();
        parsed.emitRareHeaders();
    }

    /** Emits the statements; true when they certainly end the program (a verdict on every path). */
    private boolean statements(List<Statement> body) {
        for (Statement s : body) {
            if (s instanceof Statement.When w) {
                Condition c = Simplify.condition(w.condition());
                if (c instanceof Condition.Constant k) {
                    if (k.value() && statements(w.body())) return true;
                    continue;
                }
                Label skip = b.newLabel();
                condition(c, skip);
                reads.whileHolding(c, () -> statements(w.body()));
                b.bind(skip);
            } else if (s instanceof Statement.Verdict v) {
                b.mov64(R0, v.code()).exit();
                return true;
            } else if (s instanceof Statement.Redirect r) {
                redirect(r.target());
                return true;
            } else if (s instanceof Statement.Count c) {
                Label missing = b.newLabel();
                b.store(Size.W, R10, KEY_SLOT, c.counter()).mov64(R2, R10).alu64(AluOp.ADD, R2, KEY_SLOT)
                        .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, layout.counterMap())).call(Helper.MAP_LOOKUP_ELEM)
                        .jump(JumpOp.JEQ, R0, 0, missing);
                addOne();
                b.bind(missing);
            } else if (s instanceof Statement.CountBy c) {
                aggregate(c.counter(), c.key(), null, false);
            } else if (s instanceof Statement.Sum sum) {
                aggregate(sum.aggregate(), sum.key(), sum.value(), false);
            } else if (s instanceof Statement.Hist hist) {
                aggregate(hist.aggregate(), hist.key(), hist.value(), true);
            } else if (s instanceof Statement.Print print) {
                print(print);
            } else if (s instanceof Statement.Mark mark) {
                Label here = b.newLabel();
                b.bind(here);
                marks.add(java.util.Map.entry(here, mark.at()));
            }
        }
        return false;
    }

    /**
     * r1 = ifindexes[target] from the redirect map, then bpf_redirect(r1, 0), whose result
     * (XDP_REDIRECT / TC_ACT_REDIRECT, or the abort/shot code on bad flags) is the verdict. A
     * missing entry cannot happen (array maps have every index) but the verifier wants the check.
     */
    private void redirect(int target) {
        if (target < 0 || target >= program.redirectTargets().size()) throw new IllegalArgumentException("no redirect target #" + target);
        int map = layout.redirectMap();
        Label missing = b.newLabel();
        b.store(Size.W, R10, KEY_SLOT, target).mov64(R2, R10).alu64(AluOp.ADD, R2, KEY_SLOT)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, map)).call(Helper.MAP_LOOKUP_ELEM)
                .jump(JumpOp.JEQ, R0, 0, missing)
                .load(Size.W, R1, R0, 0).mov64(R2, 0).call(Helper.REDIRECT).exit()
                .bind(missing).mov64(R0, program.defaultVerdict()).exit();
    }

    /**
     * Adds to aggregate {@code index} under the key made of {@code fields}' slots (copied together
     * below the parsed packet), plus the log2 bucket of {@code value} for a histogram: 1, or
     * {@code value} for a sum. Skipped when a key field or the value is absent. A missing key is
     * inserted; if another CPU inserted it meanwhile, it is found again and added to.
     */
    private void aggregate(int index, List<PacketField> fields, Condition.Value value, boolean histogram) {
        FilterProgram.KeyedCounter k = program.keyedCounters().get(index);
        // Every statement feeding one aggregate has keys of its types, so one layout serves them all.
        if (!k.accepts(fields)) throw new IllegalArgumentException(k.name() + " is keyed by " + k.key() + ", not " + fields);
        int map = layout.aggregateMap(index);
        int key = ParsedFields.SCRATCH_TOP - k.keySize();
        Label skip = b.newLabel();
        Label found = b.newLabel();
        for (PacketField f : fields) requirePresent(f, skip);
        if (value != null) {
            java.util.Set<PacketField> read = new java.util.LinkedHashSet<>();
            value.fields(read);
            for (PacketField f : read) requirePresent(f, skip);
        }
        if (k.arrayBacked()) {
            // The 8-bit value is the index: one inlined array lookup, never missing below 256.
            if (value != null) {
                evaluate(value, R1, skip);
                b.store(Size.DW, R10, KEY_SLOT, R1);
            }
            b.store(Size.W, R10, key, reads.value(fields.get(0), R1))
                    .mov64(R2, R10).alu64(AluOp.ADD, R2, key).add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, map)).call(Helper.MAP_LOOKUP_ELEM)
                    .jump(JumpOp.JEQ, R0, 0, skip);
            if (value != null) {
                b.load(Size.DW, R1, R10, KEY_SLOT);
                addToValue();
            } else {
                addOne();
            }
            b.bind(skip);
            return;
        }
        for (int at = key; at < key + k.keySize(); at += 8) b.store(Size.DW, R10, at, 0);
        int at = key;
        for (PacketField f : fields) {
            for (int slot = 0; slot < f.slots(); slot++) {
                reads.load(f, slot, R1);
                b.store(Size.DW, R10, at, R1);
                at += 8;
            }
        }
        if (histogram) {
            evaluate(value, R1, skip);
            Log2Bucket.emit(b);
            b.store(Size.DW, R10, at, R2);
        }
        // The amount to add goes to KEY_SLOT: it is both the inserted value and the increment.
        if (value != null && !histogram) {
            evaluate(value, R1, skip);
            b.store(Size.DW, R10, KEY_SLOT, R1);
        } else {
            b.store(Size.DW, R10, KEY_SLOT, 1);
        }
        b.mov64(R2, R10).alu64(AluOp.ADD, R2, key).add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, map)).call(Helper.MAP_LOOKUP_ELEM)
                .jump(JumpOp.JNE, R0, 0, found)
                .mov64(R2, R10).alu64(AluOp.ADD, R2, key).mov64(R3, R10).alu64(AluOp.ADD, R3, KEY_SLOT).mov64(R4, 1)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, map)).call(Helper.MAP_UPDATE_ELEM)
                .jump(JumpOp.JEQ, R0, 0, skip)
                .mov64(R2, R10).alu64(AluOp.ADD, R2, key).add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, map)).call(Helper.MAP_LOOKUP_ELEM)
                .jump(JumpOp.JEQ, R0, 0, skip)
                .bind(found).load(Size.DW, R1, R10, KEY_SLOT);
        addToValue();
        b.bind(skip);
    }

    /**
     * Adds r1 to the per-CPU map value r0 points at. An xdp program never runs twice at once on one
     * CPU (NAPI polls with bottom halves off), and every counter map is per-CPU, so no other run
     * writes that value meanwhile: a plain load, add and store, without the lock prefix's cost.
     * Other hooks keep the atomic add: a trace program can interrupt itself, a cgroup program
     * can be preempted.
     */
    private void addToValue() {
        if (program.access() == ContextAccess.XDP) {
            b.load(Size.DW, R2, R0, 0).alu64(AluOp.ADD, R2, R1).store(Size.DW, R0, 0, R2);
        } else {
            b.add(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R0, R1, 0));
        }
    }

    /** Adds 1 to the per-CPU map value r0 points at, as {@link #addToValue} adds r1. */
    private void addOne() {
        if (program.access() == ContextAccess.XDP) {
            b.load(Size.DW, R1, R0, 0).alu64(AluOp.ADD, R1, 1).store(Size.DW, R0, 0, R1);
        } else {
            b.mov64(R1, 1).add(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R0, R1, 0));
        }
    }

    /** The record (format index, argument slots) built on the stack, then bpf_ringbuf_output. */
    private void print(Statement.Print print) {
        EventFormat event = new EventFormat(program.printFormats().get(print.format()), print.args());
        int map = layout.eventMap();
        int record = ParsedFields.SCRATCH_TOP - event.recordSize();
        Label skip = b.newLabel();
        for (PacketField f : print.args()) requirePresent(f, skip);
        b.store(Size.DW, R10, record, print.format());
        int at = record + 8;
        for (PacketField f : print.args()) {
            for (int slot = 0; slot < f.slots(); slot++) {
                reads.load(f, slot, R1);
                b.store(Size.DW, R10, at, R1);
                at += 8;
            }
        }
        b.add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, map)).mov64(R2, R10).alu64(AluOp.ADD, R2, record)
                .mov64(R3, event.recordSize()).mov64(R4, 0).call(Helper.RINGBUF_OUTPUT).bind(skip);
    }

    /** Falls through when {@code c} holds, jumps to {@code otherwise} when it does not. */
    private void condition(Condition c, Label otherwise) {
        if (c instanceof Condition.Constant k) {
            if (!k.value()) b.goTo(otherwise);
        } else if (c instanceof Condition.Present p) {
            requirePresent(p.field(), otherwise);
        } else if (c instanceof Condition.Compare cmp) {
            boolean absentFails = reads.absentIsAllOnes(cmp.field()) && failsOnAllOnes(cmp.op(), cmp.value());
            jumpUnless(reads.presentValue(cmp.field(), otherwise, absentFails, R1), cmp.op(), cmp.value(), otherwise);
        } else if (c instanceof Condition.Prefix p) {
            prefix(p, otherwise);
        } else if (c instanceof Condition.InSet in) {
            inSet(in, otherwise);
        } else if (c instanceof Condition.CompareValues cv) {
            java.util.Set<PacketField> fields = new java.util.LinkedHashSet<>();
            cv.left().fields(fields);
            cv.right().fields(fields);
            for (PacketField f : fields) requirePresent(f, otherwise);
            evaluate(cv.left(), R1, otherwise);
            if (cv.right() instanceof Condition.Value.Constant k) {
                jumpUnless(R1, cv.op(), k.value(), otherwise);
            } else {
                evaluate(cv.right(), R2, otherwise);
                jumpUnless(R1, cv.op(), R2, otherwise);
            }
        } else if (c instanceof Condition.InIntervals in) {
            inIntervals(in, otherwise);
        } else if (c instanceof Condition.BytesEqual eq) {
            requirePresent(eq.field(), otherwise);
            for (int i = 0; i < eq.words().size(); i++) {
                long word = eq.words().get(i);
                reads.load(eq.field(), i, R1);
                if (word == (int) word) {
                    b.jump(JumpOp.JNE, R1, (int) word, otherwise);
                } else {
                    b.loadImm64(R2, word).jump(JumpOp.JNE, R1, R2, otherwise);
                }
            }
        } else if (c instanceof Condition.AnyBits bits) {
            presentCopy(bits.field(), otherwise);
            b.alu64(AluOp.AND, R1, bits.mask())
                    .jump(JumpOp.JEQ, R1, 0, otherwise);
        } else if (c instanceof Condition.All all) {
            reads.eachHolding(all.conditions(), part -> condition(part, otherwise));
        } else if (c instanceof Condition.Any any) {
            if (any.conditions().isEmpty()) {
                b.goTo(otherwise);
                return;
            }
            Label holds = b.newLabel();
            List<Condition> parts = any.conditions();
            for (int i = 0; i < parts.size() - 1; i++) {
                Label next = b.newLabel();
                condition(parts.get(i), next);
                b.goTo(holds).bind(next);
            }
            condition(parts.get(parts.size() - 1), otherwise);
            b.bind(holds);
        } else if (c instanceof Condition.Pcap pcap) {
            dev.sluice.compiler.pcap.PcapEmitter.emit(b, pcap.test(), otherwise, LPM_KEY);
        } else if (c instanceof Condition.Not not) {
            Label inner = b.newLabel();
            condition(not.condition(), inner);
            b.goTo(otherwise).bind(inner);
        }
    }

    /**
     * Binary search by comparisons: at each node, values below the middle interval's start go left.
     * Fields of up to 32 bits compare as 32-bit subregisters with the bound as an immediate (one
     * slot per comparison); wider ones load the bound into r2.
     */
    private void inIntervals(Condition.InIntervals in, Label otherwise) {
        if (in.intervals().isEmpty()) {
            b.goTo(otherwise);
            return;
        }
        presentCopy(in.field(), otherwise);
        boolean narrow = in.intervals().stream().allMatch(iv -> (iv.high() >>> 32) == 0);
        Label holds = b.newLabel();
        new IntervalTreeCode(b, narrow, holds, otherwise).emit(in.intervals());
        b.bind(holds);
    }

    /**
     * A map lookup keyed by the parsed value: the slot itself for exact sets, an LPM key for IPv6
     * prefixes; IPv4 prefixes go through their directory ({@link PrefixDirectoryCode}).
     */
    private void inSet(Condition.InSet in, Label otherwise) {
        if (in.set() < 0 || in.set() >= sets.size()) throw new IllegalArgumentException("no set #" + in.set());
        ValueSet set = sets.get(in.set());
        if (set.field() != in.field()) {
            throw new IllegalArgumentException("set " + set.name() + " holds " + set.field().scriptName() + ", not "
                    + in.field().scriptName());
        }
        requirePresent(in.field(), otherwise);
        if (SetMaps.directed(set)) {
            PrefixDirectoryCode.emit(b, reads, in.field(), layout, in.set(), LPM_KEY, otherwise);
            return;
        }
        int slot = reads.offset(in.field());
        if (set.kind() == ValueSet.Kind.EXACT) {
            reads.spill(in.field());
            b.mov64(R2, R10).alu64(AluOp.ADD, R2, slot);
        } else {
            int bits = dev.sluice.compiler.image.SetKeys.prefixWidth(in.field());
            b.store(Size.W, R10, LPM_KEY, bits);
            for (int half = 0; half < bits / 64 + (bits == 32 ? 1 : 0); half++) {
                reads.load(in.field(), half, R1);
                if (bits == 32) {
                    b.add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, R1)).store(Size.W, R10, LPM_KEY + 4, R1);
                } else {
                    // Network order, 4 bytes at a time: stack stores must be aligned to their size.
                    b.mov64(R2, R1).alu64(AluOp.RSH, R2, 32)
                            .add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, R2))
                            .store(Size.W, R10, LPM_KEY + 4 + 8 * half, R2)
                            .add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, R1))
                            .store(Size.W, R10, LPM_KEY + 8 + 8 * half, R1);
                }
            }
            b.mov64(R2, R10).alu64(AluOp.ADD, R2, LPM_KEY);
        }
        b.add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, layout.setMap(in.set()))).call(Helper.MAP_LOOKUP_ELEM).jump(JumpOp.JEQ, R0, 0, otherwise);
    }

    private void requirePresent(PacketField field, Label otherwise) {
        reads.requirePresent(field, otherwise);
    }

    /** r1 = the value of {@code field} (a copy to change), jumping to {@code otherwise} when it is absent. */
    private void presentCopy(PacketField field, Label otherwise) {
        Register value = reads.presentValue(field, otherwise, false, R1);
        if (value != R1) b.mov64(R1, value);
    }

    /** Whether {@code x op value} is false for x all ones (an absent field's mark), so that no presence test is needed. */
    private static boolean failsOnAllOnes(Condition.CompareOp op, long value) {
        return op == Condition.CompareOp.LT || (value != -1L && (op == Condition.CompareOp.EQ || op == Condition.CompareOp.LE));
    }

    /** Jumps to {@code otherwise} unless {@code left op value} (unsigned). */
    /** Registers for expression values, in the order nested operands take them. */
    private static final Register[] VALUE_REGISTERS = {R1, R2, R3, R4, R5};

    /**
     * {@code target} = {@code v}; the operands of nested operations take the registers after it. Jumps to
     * {@code unread} when raw bytes in it pass the packet's end.
     */
    private void evaluate(Condition.Value v, Register target, Label unread) {
        if (v instanceof Condition.Value.RawBytes raw) {
            Register pointer = VALUE_REGISTERS[java.util.Arrays.asList(VALUE_REGISTERS).indexOf(target) + 1];
            evaluate(raw.offset(), target, unread);
            if (program.access() == ContextAccess.SOCKET) SocketRawBytesCode.read(b, reads, raw, target, unread);
            else RawBytesCode.read(b, reads, raw, target, pointer, unread);
        } else if (v instanceof Condition.Value.Field f) {
            reads.load(f.field(), 0, target);
        } else if (v instanceof Condition.Value.Constant k) {
            if (k.value() == (int) k.value()) b.mov64(target, (int) k.value());
            else b.loadImm64(target, k.value());
        } else {
            Condition.Value.Binary bin = (Condition.Value.Binary) v;
            int index = java.util.Arrays.asList(VALUE_REGISTERS).indexOf(target);
            if (index + 1 >= VALUE_REGISTERS.length) throw new IllegalArgumentException("expression too deep for the registers");
            Register operand = VALUE_REGISTERS[index + 1];
            evaluate(bin.left(), target, unread);
            evaluate(bin.right(), operand, unread);
            switch (bin.op()) {
                case MUL: b.alu64(AluOp.MUL, target, operand); break;
                case ADD: b.alu64(AluOp.ADD, target, operand); break;
                case SUB: b.alu64(AluOp.SUB, target, operand); break;
                case AND: b.alu64(AluOp.AND, target, operand); break;
                case OR: b.alu64(AluOp.OR, target, operand); break;
                // Shift amounts wrap at 64, as eBPF (and the interpreter) mask them.
                case SHL: b.alu64(AluOp.AND, operand, 63).alu64(AluOp.LSH, target, operand); break;
                case SHR: b.alu64(AluOp.AND, operand, 63).alu64(AluOp.RSH, target, operand); break;
                case DIV: b.alu64(AluOp.DIV, target, operand); break; // x / 0 is 0 in eBPF already
                default: {
                    // x % 0 leaves x in eBPF; the language says 0.
                    Label nonZero = b.newLabel();
                    Label end = b.newLabel();
                    b.jump(JumpOp.JNE, operand, 0, nonZero).mov64(target, 0).goTo(end)
                            .bind(nonZero).alu64(AluOp.MOD, target, operand).bind(end);
                }
            }
        }
    }

    private void jumpUnless(Register left, Condition.CompareOp op, Register right, Label otherwise) {
        b.jump(negation(op), left, right, otherwise);
    }

    private static JumpOp negation(Condition.CompareOp op) {
        switch (op) {
            case EQ: return JumpOp.JNE;
            case NE: return JumpOp.JEQ;
            case LT: return JumpOp.JGE;
            case LE: return JumpOp.JGT;
            case GT: return JumpOp.JLE;
            default: return JumpOp.JLT;
        }
    }

    private void jumpUnless(Register left, Condition.CompareOp op, long value, Label otherwise) {
        JumpOp negated = negation(op);
        if (value >= 0 && value <= Integer.MAX_VALUE) {
            b.jump(negated, left, (int) value, otherwise);
        } else {
            b.loadImm64(R2, value).jump(negated, left, R2, otherwise);
        }
    }

    private void prefix(Condition.Prefix p, Label otherwise) {
        int width = p.field().slots() == 2 ? 128 : p.field().isIpv4Address() ? 32 : 64;
        // All ones shifted right stays above any 32-bit prefix: an absent address never matches one.
        if (!(width == 32 && p.bits() > 0 && reads.absentIsAllOnes(p.field()))) requirePresent(p.field(), otherwise);
        if (width == 128) {
            maskedEquals(p.field(), 0, p.high(), Math.min(p.bits(), 64), 64, otherwise);
            if (p.bits() > 64) maskedEquals(p.field(), 1, p.low(), p.bits() - 64, 64, otherwise);
        } else {
            maskedEquals(p.field(), 0, p.high(), p.bits(), width, otherwise);
        }
    }

    /** Jumps away unless the top {@code bits} of the {@code width}-bit slot value equal those of {@code value}. */
    private void maskedEquals(PacketField field, int slot, long value, int bits, int width, Label otherwise) {
        if (bits == 0) return;
        reads.load(field, slot, R1);
        int shift = width - bits;
        if (shift > 0) b.alu64(AluOp.RSH, R1, shift);
        long expected = width == 64 ? value >>> shift : (value & ((1L << width) - 1)) >>> shift;
        jumpUnless(R1, Condition.CompareOp.EQ, expected, otherwise);
    }
}
