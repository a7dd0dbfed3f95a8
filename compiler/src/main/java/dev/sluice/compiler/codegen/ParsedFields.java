package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parsed fields on the stack, as every preamble (packet, socket, device, trace) leaves them: a
 * presence word at {@link #STACK_BASE} (one bit per {@link PacketField}, accumulated in r6) and the
 * value slots of the fields that are present. Holds what a preamble writes them with: the code
 * builder, the fields the program uses and the label where every parse path ends. Its own type so
 * that the preambles share it without depending on {@link PacketParser}, which picks among them.
 */
public final class ParsedFields {
    /** The stack offset (from r10) of the parsed packet's slot 0, the presence word. */
    public static final int STACK_BASE = -8 * PacketField.totalSlots();

    private final CodeBuilder b;
    private final Label done;
    private final Set<PacketField> needed;

    ParsedFields(CodeBuilder b, Set<PacketField> needed) {
        this.b = b;
        this.done = b.newLabel("parsed");
        this.needed = EnumSet.copyOf(needed.isEmpty() ? EnumSet.noneOf(PacketField.class) : needed);
    }

    /** The stack offset (from r10) of {@code field}'s first value slot. */
    public static int offsetOf(PacketField field) {
        return STACK_BASE + 8 * field.firstSlot();
    }

    /** The stack offset (from r10) of the presence word. */
    public static int presenceOffset() {
        return STACK_BASE;
    }

    CodeBuilder builder() {
        return b;
    }

    /** Where every parse path ends; {@link #finish} binds it. */
    Label doneLabel() {
        return done;
    }

    /** Binds the end of the parse and stores the presence word from r6. */
    void finish() {
        b.bind(done).store(Size.DW, R10, presenceOffset(), R6);
    }

    boolean needs(PacketField... fields) {
        for (PacketField f : fields) if (needed.contains(f)) return true;
        return false;
    }

    boolean needsTransport(boolean v6) {
        return needs(PacketField.TCP, PacketField.TCP_SPORT, PacketField.TCP_DPORT, PacketField.TCP_FLAGS, PacketField.TCP_WIN,
                PacketField.UDP, PacketField.UDP_SPORT, PacketField.UDP_DPORT, PacketField.UDP_LEN)
                || (v6 ? needs(PacketField.ICMP6, PacketField.ICMP6_TYPE, PacketField.ICMP6_CODE)
                        : needs(PacketField.ICMP, PacketField.ICMP_TYPE, PacketField.ICMP_CODE));
    }

    boolean needsIpv4() {
        return needs(PacketField.IP, PacketField.IP_TOS, PacketField.IP_LEN, PacketField.IP_ID, PacketField.IP_TTL,
                PacketField.IP_PROTO, PacketField.IP_SRC, PacketField.IP_DST) || needsTransport(false);
    }

    boolean needsIpv6() {
        return needs(PacketField.IP6, PacketField.IP6_HLIM, PacketField.IP6_SRC, PacketField.IP6_DST, PacketField.IP6_NEXT)
                || needsTransport(true);
    }

    boolean needsNetwork() {
        return needs(PacketField.ARP) || needsIpv4() || needsIpv6();
    }

    /** Sets the field's presence bit in r6 when the program uses it; bits above 30 need a 64-bit constant in r1. */
    void present(PacketField field) {
        if (!needed.contains(field)) return;
        long bit = field.bit();
        if (bit > 0 && bit <= Integer.MAX_VALUE) {
            b.alu64(AluOp.OR, R6, (int) bit);
        } else {
            b.loadImm64(R1, bit).alu64(AluOp.OR, R6, R1);
        }
    }

    /** Stores {@code value} into the field's slot and marks it present (which may use r1, so after the store). */
    void store(PacketField field, Register value) {
        if (!needed.contains(field)) return;
        b.store(Size.DW, R10, offsetOf(field), value);
        present(field);
    }
}
