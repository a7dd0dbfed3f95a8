package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * What the direct parse's header families ({@link PacketParser}, {@link NetworkParse},
 * {@link TransportParse}) share: the fields being parsed, the code being built, the label that
 * ends the parse, the rare headers' code kept off the straight path, and the small steps every
 * header is read with. Registers follow {@link PacketParser}'s convention (r7 = data, r8 =
 * data_end, r9 = the cursor).
 */
final class ParseSteps {
    final ParsedFields p;
    final CodeBuilder b;
    final Label done;
    /**
     * Code for rare headers (VLAN tags, IPv6 extension headers), emitted after every parse path has
     * ended so that the common frame runs straight through. The verifier still walks the common path
     * first (a conditional jump's fall-through is explored before its target), which keeps its
     * pruning as cheap as before.
     */
    private final List<Runnable> cold = new ArrayList<>();
    /**
     * The cursor mask where inner parse paths join: the inner packet starts at most 0x3fff (the outer
     * extension headers' join) plus the UDP, VXLAN or Geneve and GRE headers into the frame, and its
     * own headers add at most 4 x 2048 + 122 bytes: under 0x7fff, which the verifier still bounds.
     */
    static final int INNER_CURSOR_MASK = 0x7fff;
    /** Where a tunnel's packet is handed to {@link InnerParse}, made when the first tunnel asks for it. */
    private InnerEntries innerEntries;

    ParseSteps(ParsedFields parsed) {
        this.p = parsed;
        this.b = parsed.builder();
        this.done = parsed.doneLabel();
    }

    /**
     * The labels where the inner parse starts: at a frame (r9 at its Ethernet header), or at a
     * network packet (r9 at its IP header, r2 its EtherType in network order).
     */
    record InnerEntries(Label frame, Label network) {}

    /** The inner parse's entries, the same for every tunnel of this parse. */
    InnerEntries innerEntries() {
        if (innerEntries == null) innerEntries = new InnerEntries(b.newLabel("inner_frame"), b.newLabel("inner_network"));
        return innerEntries;
    }

    /** Emits {@code code} later, once every parse path has ended in a jump. */
    void offPath(Runnable code) {
        cold.add(code);
    }

    /** The code set aside by {@link #offPath}; what it sets aside in turn follows it. */
    void emitOffPath() {
        if (!cold.isEmpty()) b.markOffPath();
        for (int i = 0; i < cold.size(); i++) cold.get(i).run();
    }

    /**
     * A 16-bit constant as a 16-bit load of its network-order bytes reads on the little-endian hosts
     * eBPF runs on: comparing with it spares swapping the loaded value.
     */
    static int networkOrder16(int value) {
        return ((value & 0xff) << 8) | (value >>> 8);
    }

    /** Loads an unsigned big-endian field of {@code bytes} at {@code offset} from the cursor into {@code dst}. */
    void loadBig(Register dst, int offset, int bytes) {
        switch (bytes) {
            case 1 -> b.load(Size.B, dst, R9, offset);
            case 2 -> b.load(Size.H, dst, R9, offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, dst));
            case 4 -> b.load(Size.W, dst, R9, offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, dst));
            default -> b.load(Size.DW, dst, R9, offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 64, dst));
        }
    }

    /** Reads a value field the program uses, {@code bytes} long at {@code offset} from the cursor. */
    void field(PacketField field, int offset, int bytes) {
        if (bytes == 6) {
            mac(field, offset);
            return;
        }
        if (!p.needs(field)) return;
        Register dst = p.target(field, R1);
        loadBig(dst, offset, bytes);
        p.store(field, dst);
    }

    /** The header's value fields the program uses, from the cursor. */
    void fields(HeaderLayout.Header header) {
        for (HeaderLayout.FieldAt f : header.fields()) field(f.field(), f.offset(), f.bytes());
    }

    /**
     * Where parse paths join, the cursor becomes {@code data + (cursor - data) & mask}: the same
     * value, but a pointer with one variable offset on every path, so that the verifier prunes the
     * paths here instead of walking the rest of the parse once per way of reaching it (tag counts,
     * extension-header chains). Subtracting packet pointers is allowed to privileged programs.
     */
    void joinCursor(int mask) {
        // The inner packet starts anywhere in the frame: its offsets are bounded only by the outer parse's.
        if (p.isInnerLayer()) mask = INNER_CURSOR_MASK;
        b.alu64(AluOp.SUB, R9, R7).alu64(AluOp.AND, R9, mask).alu64(AluOp.ADD, R9, R7);
    }

    /** {@code if cursor + length > data_end goto target}. */
    void requireBytes(int length, Label target) {
        b.mov64(R1, R9).alu64(AluOp.ADD, R1, length).jump(JumpOp.JGT, R1, R8, target);
    }

    /** A MAC address at {@code at} from the cursor as a 48-bit number: the first four bytes, then the last two (uses r1, r2). */
    void mac(PacketField mac, int at) {
        if (!p.needs(mac)) return;
        loadBig(R1, at, 4);
        b.alu64(AluOp.LSH, R1, 16);
        loadBig(R2, at + 4, 2);
        b.alu64(AluOp.OR, R1, R2);
        p.store(mac, R1);
    }

    /** Records where the header at the cursor starts, {@code skip} bytes on, when raw bytes read it (uses r1). */
    void headerStart(PacketField start, int skip) {
        if (!p.needs(start)) return;
        Register dst = p.target(start, R1);
        b.mov64(dst, R9).alu64(AluOp.SUB, dst, R7);
        if (skip > 0) b.alu64(AluOp.ADD, dst, skip);
        p.store(start, dst);
    }

    /** {@code field} = ({@code value} >> {@code shift}) & {@code mask}, from a register the caller keeps. */
    void bits(PacketField field, Register value, int shift, int mask) {
        if (!p.needs(field)) return;
        Register dst = p.target(field, R1);
        b.mov64(dst, value);
        if (shift > 0) b.alu64(AluOp.RSH, dst, shift);
        b.alu64(AluOp.AND, dst, mask);
        p.store(field, dst);
    }

    /** Marks the test {@code test} present when {@code value & mask} is not zero (uses r1). */
    void flag(PacketField test, Register value, int mask) {
        if (!p.needs(test)) return;
        Label clear = b.newLabel();
        b.mov64(R1, value).alu64(AluOp.AND, R1, mask).jump(JumpOp.JEQ, R1, 0, clear);
        p.present(test);
        b.bind(clear);
    }
}
