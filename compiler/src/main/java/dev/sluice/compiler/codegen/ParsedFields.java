package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed fields, as every preamble (packet, socket, device, trace) leaves them: each needed
 * field where its {@link FieldStorage} says (a bit in the presence word r6 with value slots at
 * {@link #STACK_BASE} and above, a slot or r6 holding all ones while absent). Holds what a
 * preamble writes them with: the code builder, the storage plan and the label where every parse
 * path ends. Its own type so that the preambles share it without depending on {@link PacketParser},
 * which picks among them.
 */
public final class ParsedFields {
    /** The stack offset (from r10) of the parsed packet's slot 0, the presence word. */
    public static final int STACK_BASE = -8 * PacketField.totalSlots();
    /** Slots below {@code STACK_BASE - 40} (the set and counter keys) and above {@link #SCRATCH_TOP}. */
    private static final int SPARE_SLOTS = 8;
    /**
     * The top of the stack area below the spare slots, where one statement at a time builds a keyed
     * aggregate's map key or a print's event record: never over a slot a field may live in, since
     * rules after that statement still read the fields.
     */
    public static final int SCRATCH_TOP = STACK_BASE - 48 - 8 * SPARE_SLOTS;
    /**
     * Where the IPv6 extension-header loop notes a later fragment: the first slot of the scratch
     * area, which no statement uses before the parse has ended (read back into r5 after the loop).
     */
    public static final int FRAGMENT_SLOT = SCRATCH_TOP - 8;
    /** The bytes below {@link #SCRATCH_TOP} (the stack is 512 bytes). */
    public static final int SCRATCH_BYTES = 512 + SCRATCH_TOP;

    /**
     * Protocol tests and the value fields the direct parse stores on every path right after the
     * test's header is proven (and on no other): the test holds exactly when such a field is present.
     */
    private static final Map<PacketField, List<PacketField>> SAME_PRESENCE = Map.of(
            PacketField.ETH, List.of(PacketField.ETH_TYPE, PacketField.ETH_DST, PacketField.ETH_SRC),
            PacketField.VLAN, List.of(PacketField.VLAN_ID, PacketField.VLAN_PCP),
            PacketField.IP, List.of(PacketField.IP_PROTO, PacketField.IP_SRC, PacketField.IP_DST, PacketField.IP_TOS,
                    PacketField.IP_LEN, PacketField.IP_ID, PacketField.IP_TTL, PacketField.IP_IHL),
            PacketField.IP6, List.of(PacketField.IP6_HLIM, PacketField.IP6_PLEN),
            PacketField.ARP, List.of(PacketField.ARP_OP, PacketField.ARP_SPA, PacketField.ARP_TPA));

    private final CodeBuilder b;
    private final Label done;
    private final Set<PacketField> needed;
    private final Map<PacketField, FieldStorage> storage;
    private final boolean storesPresenceWord;
    /** Fields no rule needs on frames other than IPv4's (IPv6's). */
    private final Set<PacketField> onlyIpv4;
    private final Set<PacketField> onlyIpv6;
    /** Stack offsets of the later packet fields this program reads ({@link PacketField#isLater}). */
    private final Map<PacketField, Integer> laterOffsets;
    /** The stack offset of the inner layer's presence word, when the program reads the inner layer; else 0. */
    private final int innerWord;
    /** Whether this is the inner layer's view ({@link #innerLayer}): field names mean their inner twins. */
    private final boolean innerView;

    /** Every field flagged in the presence word, which {@link #finish} stores at {@link #STACK_BASE}. */
    ParsedFields(CodeBuilder b, Set<PacketField> needed) {
        this(b, needed, false);
    }

    /** With {@code sentinels}, one-slot value fields are all ones while absent and the presence word stays in r6. */
    ParsedFields(CodeBuilder b, Set<PacketField> needed, boolean sentinels) {
        this(b, needed, sentinels, Set.of(), Set.of());
    }

    /** As above; the transport fields in {@code onlyIpv4} ({@code onlyIpv6}) are parsed behind that protocol only ({@link UsedFields#readOnlyUnder}). */
    ParsedFields(CodeBuilder b, Set<PacketField> needed, boolean sentinels, Set<PacketField> onlyIpv4, Set<PacketField> onlyIpv6) {
        this.onlyIpv4 = Set.copyOf(onlyIpv4);
        this.onlyIpv6 = Set.copyOf(onlyIpv6);
        this.b = b;
        this.done = b.newLabel("parsed");
        this.needed = EnumSet.copyOf(needed.isEmpty() ? EnumSet.noneOf(PacketField.class) : needed);
        this.storage = sentinels ? sentinelPlan(this.needed) : flaggedPlan(this.needed);
        this.storesPresenceWord = !sentinels;
        this.laterOffsets = laterOffsets(this.needed);
        this.innerWord = laterOffsets.getOrDefault(null, 0);
        this.laterOffsets.remove(null);
        this.innerView = false;
    }

    private ParsedFields(ParsedFields outer) {
        this.b = outer.b;
        this.done = b.newLabel("inner_parsed");
        this.needed = outer.needed;
        this.storage = outer.storage;
        this.storesPresenceWord = false;
        this.laterOffsets = outer.laterOffsets;
        this.innerWord = outer.innerWord;
        this.innerView = true;
        // Which rules sit under 'ip and ...' speaks of the outer packet: the inner one is parsed whole.
        this.onlyIpv4 = Set.of();
        this.onlyIpv6 = Set.of();
    }

    /**
     * The same fields seen from the packet a tunnel carries: {@code needs(IP_SRC)} asks for
     * {@code inner.ip.src}, and so on, so that the parse steps read the inner packet unchanged; its
     * parse paths end at its own label ({@link InnerParse} swaps the presence words there).
     */
    ParsedFields innerLayer() {
        return new ParsedFields(this);
    }

    /** Whether this is the inner layer's view. */
    boolean isInnerLayer() {
        return innerView;
    }

    /** Whether the outer parse must find a tunnel's packet: a rule reads the inner layer and this is the outer view. */
    boolean carriesInner() {
        return !innerView && needsInner();
    }

    /** Whether a rule reads the inner layer. */
    boolean needsInner() {
        return needed.stream().anyMatch(PacketField::isInner);
    }

    /** Whether some inner field is flagged in the inner presence word (which r6 then holds during the inner parse). */
    boolean innerFlagged() {
        return storage.values().stream().anyMatch(s -> s instanceof FieldStorage.Flagged && s.field().isInner());
    }

    /**
     * Sets r6 to all ones again where it holds a field of the IPv4 header (or one parsed behind IPv4
     * only) and the parse is past an outer IPv6 header's extension headers: no path there parsed it,
     * so the value is the one {@link #start} gave, and {@code RegisterColouring} need not keep it
     * through the extension headers' loop (f2: seven values there, one of r6-r9 on every frame).
     */
    void resetIpv4Sentinel() {
        if (innerView) return;
        for (FieldStorage s : storage.values()) {
            if (s instanceof FieldStorage.SentinelRegister && (SAME_PRESENCE.get(PacketField.IP).contains(s.field()) || onlyIpv4.contains(s.field()))) {
                b.mov64(R6, -1);
            }
        }
    }

    /** Whether the outer layer keeps something in r6: its presence word or a value ({@link FieldStorage.SentinelRegister}). */
    boolean outerHoldsR6() {
        return storage.values().stream().anyMatch(s -> !s.field().isInner()
                && (s instanceof FieldStorage.Flagged || s instanceof FieldStorage.SentinelRegister));
    }

    /** The stack offset (from r10) of the inner layer's presence word. */
    int innerWordOffset() {
        if (innerWord == 0) throw new IllegalStateException("the program reads no inner field");
        return innerWord;
    }

    /** The field a name of the parse steps means in this view: its inner twin in the inner layer (null when there is none). */
    private PacketField layered(PacketField field) {
        return innerView ? field.inner().orElse(null) : field;
    }

    /**
     * The later packet fields take the slots of the first ones that this program does not read, so
     * that the stack area and the first fields' places stay as they were; then the slots between the
     * map keys and the event record (FilterCodegen). The socket parse keeps its copy buffer and its
     * fragment word in the first two of those ({@link #SOCKET_SCRATCH_SLOTS}), which are handed out
     * last, so that a socket program, held to {@link #valueSlots(ContextAccess)}, never gets them.
     */
    /** The most value slots of packet fields one program can read: every fixed slot and the spare ones. */
    public static final int VALUE_SLOTS = PacketField.totalSlots() - 1 + SPARE_SLOTS;
    /** The spare slots (the first two, at {@code STACK_BASE - 48} and {@code - 56}) the socket parse writes while it runs. */
    static final int SOCKET_SCRATCH_SLOTS = 2;

    /** The most value slots of packet fields a program of this context access can read. */
    public static int valueSlots(ContextAccess access) {
        return access == ContextAccess.SOCKET ? VALUE_SLOTS - SOCKET_SCRATCH_SLOTS : VALUE_SLOTS;
    }

    /** The value slots the packet fields in {@code fields} take (an IPv6 address two, a test none). */
    public static int valueSlots(Set<PacketField> fields) {
        int innerWord = fields.stream().anyMatch(PacketField::isInner) ? 1 : 0;
        return innerWord + fields.stream().filter(f -> f.domain() == PacketField.Domain.PACKET).mapToInt(PacketField::slots).sum();
    }

    private static Map<PacketField, Integer> laterOffsets(Set<PacketField> needed) {
        java.util.ArrayDeque<Integer> free = new java.util.ArrayDeque<>();
        for (PacketField f : PacketField.values()) {
            if (f.domain() != PacketField.Domain.PACKET || f.isLater() || needed.contains(f)) continue;
            for (int i = 0; i < f.slots(); i++) free.add(offsetOf(f) + 8 * i);
        }
        for (int slot = SOCKET_SCRATCH_SLOTS; slot < SPARE_SLOTS; slot++) free.add(STACK_BASE - 48 - 8 * slot);
        for (int slot = 0; slot < SOCKET_SCRATCH_SLOTS; slot++) free.add(STACK_BASE - 48 - 8 * slot);
        Map<PacketField, Integer> offsets = new java.util.HashMap<>();
        // Two-slot fields (inner IPv6 addresses) first, each in two adjacent free slots.
        for (PacketField f : needed) {
            if (!f.isLater() || f.slots() != 2) continue;
            Integer low = free.stream().filter(o -> free.contains(o + 8)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("more than " + VALUE_SLOTS + " value slots"));
            free.remove(low);
            free.remove(low + 8);
            offsets.put(f, low);
        }
        for (PacketField f : needed) {
            if (!f.isLater() || f.slots() != 1) continue;
            if (free.isEmpty()) {
                // FieldSlotLimit refuses such a program before code generation.
                throw new IllegalStateException("more than " + VALUE_SLOTS + " value slots");
            }
            offsets.put(f, free.poll());
        }
        if (needed.stream().anyMatch(PacketField::isInner)) {
            // The inner layer's presence word, under the key null (taken out by the constructor).
            if (free.isEmpty()) throw new IllegalStateException("more than " + VALUE_SLOTS + " value slots");
            offsets.put(null, free.poll());
        }
        return offsets;
    }

    private static Map<PacketField, FieldStorage> flaggedPlan(Set<PacketField> needed) {
        Map<PacketField, FieldStorage> plan = new EnumMap<>(PacketField.class);
        for (PacketField f : needed) plan.put(f, new FieldStorage.Flagged(f));
        return plan;
    }

    private static Map<PacketField, FieldStorage> sentinelPlan(Set<PacketField> needed) {
        Map<PacketField, FieldStorage> plan = new EnumMap<>(PacketField.class);
        for (PacketField f : needed) {
            // Fields of other kinds of programs are never parsed here, and their slots overlap the packet's.
            if (f.slots() == 1 && f.domain() == PacketField.Domain.PACKET) plan.put(f, new FieldStorage.SentinelSlot(f));
        }
        for (PacketField f : needed) {
            if (plan.containsKey(f)) continue;
            PacketField sibling = samePresence(f).stream().filter(plan::containsKey).findFirst().orElse(null);
            plan.put(f, sibling == null ? new FieldStorage.Flagged(f) : new FieldStorage.SameAs(f, sibling));
        }
        boolean flagged = plan.values().stream().anyMatch(s -> s instanceof FieldStorage.Flagged && !s.field().isInner());
        if (!flagged) {
            // No presence word: r6 holds the first value field instead of a stack slot (an outer one: the inner parse borrows r6).
            plan.values().stream().filter(s -> s instanceof FieldStorage.SentinelSlot && !s.field().isInner()).findFirst()
                    .ifPresent(s -> plan.put(s.field(), new FieldStorage.SentinelRegister(s.field())));
        }
        return plan;
    }

    /**
     * The value fields whose presence a protocol test shares, in the field's own layer. Not
     * {@code inner.eth.type} for {@code inner.eth}: GRE carrying IP gives the inner packet an EtherType
     * and no Ethernet header.
     */
    private static List<PacketField> samePresence(PacketField test) {
        List<PacketField> outer = SAME_PRESENCE.getOrDefault(test.outer(), List.of());
        if (!test.isInner()) return outer;
        return outer.stream().filter(f -> f != PacketField.ETH_TYPE).map(f -> f.inner().orElseThrow()).toList();
    }

    /** The stack offset (from r10) of {@code field}'s first value slot, for a field with a fixed one. */
    public static int offsetOf(PacketField field) {
        return STACK_BASE + 8 * field.firstSlot();
    }

    /** The stack offset (from r10) of {@code field}'s first value slot in this program. */
    int offset(PacketField field) {
        PacketField f = layered(field);
        return f.isLater() ? laterOffsets.get(f) : offsetOf(f);
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

    /** Where the parse leaves {@code field}, which the program must use. */
    FieldStorage storage(PacketField field) {
        FieldStorage s = storage.get(field);
        if (s == null) throw new IllegalArgumentException(field.scriptName() + " is not parsed by this program");
        return s;
    }

    /** Starts every field absent: an empty presence word, all ones in r6 or the slots that mark absence so. */
    void start() {
        boolean word = storage.values().stream().anyMatch(s -> s instanceof FieldStorage.Flagged && !s.field().isInner());
        if (word) b.mov64(R6, 0);
        if (needsInner()) b.store(Size.DW, R10, innerWordOffset(), 0);
        for (FieldStorage s : storage.values()) {
            if (s instanceof FieldStorage.SentinelRegister) b.mov64(R6, -1);
            else if (s instanceof FieldStorage.SentinelSlot) b.store(Size.DW, R10, offset(s.field()), -1);
        }
    }

    /** Binds the end of the parse; with every field flagged, stores the presence word from r6. */
    /** The rare headers' code, emitted by {@link #emitRareHeaders}. */
    private Runnable rareHeaders = () -> {};

    void rareHeaders(Runnable code) {
        rareHeaders = code;
    }

    /** Emits the parse's rare headers' code (their paths end in jumps back to the parse's end); once, after code that ends in exits. */
    public void emitRareHeaders() {
        Runnable code = rareHeaders;
        rareHeaders = () -> {};
        code.run();
    }

    void finish() {
        b.bind(done);
        if (storesPresenceWord) b.store(Size.DW, R10, presenceOffset(), R6);
    }

    boolean needs(PacketField... fields) {
        for (PacketField f : fields) {
            PacketField layered = layered(f);
            if (layered != null && needed.contains(layered)) return true;
        }
        return false;
    }

    /** The transport headers' tests and fields (TCP, UDP, SCTP, GRE) parsed behind either IP version. */
    static final Set<PacketField> TRANSPORT_FIELDS = Set.copyOf(EnumSet.of(PacketField.TCP, PacketField.TCP_SPORT,
            PacketField.TCP_DPORT, PacketField.TCP_FLAGS, PacketField.TCP_WIN, PacketField.UDP, PacketField.UDP_SPORT,
            PacketField.UDP_DPORT, PacketField.UDP_LEN, PacketField.SCTP, PacketField.SCTP_SPORT, PacketField.SCTP_DPORT,
            PacketField.GRE, PacketField.GRE_PROTO));

    boolean needsTransport(boolean v6) {
        return needsBehind(v6, TRANSPORT_FIELDS) || needsBehind(v6, Set.of(PacketField.PAYLOAD_START))
                || needsTunnel() || carriesInner()
                || (v6 ? needs(PacketField.ICMP6, PacketField.ICMP6_TYPE, PacketField.ICMP6_CODE)
                        : needs(PacketField.ICMP, PacketField.ICMP_TYPE, PacketField.ICMP_CODE));
    }

    /** Whether a rule needs one of {@code fields} behind IPv6 ({@code v6}) or IPv4. */
    private boolean needsBehind(boolean v6, Set<PacketField> fields) {
        Set<PacketField> elsewhere = v6 ? onlyIpv4 : onlyIpv6;
        for (PacketField f : fields) {
            PacketField layered = layered(f);
            if (layered != null && needed.contains(layered) && !elsewhere.contains(layered)) return true;
        }
        return false;
    }

    /** Whether a rule reads a tunnel header carried by UDP. */
    boolean needsTunnel() {
        return needs(PacketField.VXLAN_VNI, PacketField.GENEVE_VNI);
    }

    boolean needsIpv4() {
        return needs(PacketField.IP, PacketField.IP_TOS, PacketField.IP_LEN, PacketField.IP_ID, PacketField.IP_TTL,
                PacketField.IP_PROTO, PacketField.IP_SRC, PacketField.IP_DST, PacketField.IP_IHL, PacketField.IP_DF,
                PacketField.IP_MF, PacketField.IP_FRAGOFF, PacketField.FRAG) || needsTransport(false);
    }

    boolean needsIpv6() {
        return needs(PacketField.IP6, PacketField.IP6_HLIM, PacketField.IP6_SRC, PacketField.IP6_DST, PacketField.IP6_NEXT,
                PacketField.IP6_TCLASS, PacketField.IP6_FLOW, PacketField.IP6_PLEN, PacketField.FRAG)
                || needsTransport(true);
    }

    boolean needsArp() {
        return needs(PacketField.ARP, PacketField.ARP_OP, PacketField.ARP_SHA, PacketField.ARP_THA, PacketField.ARP_SPA,
                PacketField.ARP_TPA);
    }

    boolean needsNetwork() {
        return needsArp() || needsIpv4() || needsIpv6();
    }

    /** The register to load {@code field}'s value into: r6 when it lives there, else {@code scratch}. */
    Register target(PacketField field, Register scratch) {
        return storage.get(layered(field)) instanceof FieldStorage.SentinelRegister ? R6 : scratch;
    }

    /** Sets the field's presence bit in r6 when it is flagged; bits above 30 need a 64-bit constant in r1. */
    void present(PacketField field) {
        if (!(storage.get(layered(field)) instanceof FieldStorage.Flagged)) return;
        long bit = field.bit();
        if (bit > 0 && bit <= Integer.MAX_VALUE) {
            b.alu64(AluOp.OR, R6, (int) bit);
        } else {
            b.loadImm64(R1, bit).alu64(AluOp.OR, R6, R1);
        }
    }

    /** Stores {@code value} where the field lives and marks it present (which may use r1, so after the store). */
    void store(PacketField field, Register value) {
        FieldStorage s = storage.get(layered(field));
        if (s instanceof FieldStorage.SentinelRegister) {
            if (value != R6) b.mov64(R6, value);
        } else if (s != null) {
            b.store(Size.DW, R10, offset(field), value);
            present(field);
        }
    }
}
