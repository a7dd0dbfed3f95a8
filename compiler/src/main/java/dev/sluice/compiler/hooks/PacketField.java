package dev.sluice.compiler.hooks;

/**
 * The packet fields and bare protocol tests of docs/LANGUAGE.md (and the device fields of cgroup device
 * programs), each with the presence bit and the
 * 8-byte slot the generated parser stores it in. Values are numbers in host order: ports as
 * written, IPv4 addresses as their big-endian 32-bit number, MAC addresses as 48-bit numbers,
 * IPv6 addresses in two slots (high and low 64 bits).
 */
public enum PacketField {
    /** {@code pkt.len}: the packet's length in bytes (u32). */
    PKT_LEN("pkt.len", 1),
    /** {@code eth}: the 14-byte Ethernet header is there (xdp and tc only). */
    ETH("eth", 0),
    /** {@code eth.dst}: the destination MAC, its 6 bytes as one 48-bit number (first byte highest). */
    ETH_DST("eth.dst", 1),
    /** {@code eth.src}: the source MAC, stored as {@code eth.dst} is. */
    ETH_SRC("eth.src", 1),
    /** {@code eth.type}: the u16 EtherType after any VLAN tags (socket and cgroup programs: {@code skb->protocol}). */
    ETH_TYPE("eth.type", 1),
    /** {@code vlan}: an 802.1Q or 802.1ad tag is there. */
    VLAN("vlan", 0),
    /** {@code vlan.id}: the 12-bit id of the outer tag. */
    VLAN_ID("vlan.id", 1),
    /** {@code arp}: EtherType 0x0806 with its 28 bytes. */
    ARP("arp", 0),
    /** {@code ip}: an IPv4 header of at least 20 bytes (plus its options) is there. */
    IP("ip", 0),
    /** {@code ip.tos}: the u8 type-of-service byte. */
    IP_TOS("ip.tos", 1),
    /** {@code ip.len}: the u16 total length from the header. */
    IP_LEN("ip.len", 1),
    /** {@code ip.id}: the u16 identification. */
    IP_ID("ip.id", 1),
    /** {@code ip.ttl}: the u8 time to live. */
    IP_TTL("ip.ttl", 1),
    /** {@code ip.proto}: the u8 protocol number. */
    IP_PROTO("ip.proto", 1),
    /** {@code ip.src}: the source address as the u32 its 4 bytes spell big-endian (198.18.0.1 is 0xc6120001). */
    IP_SRC("ip.src", 1),
    /** {@code ip.dst}: the destination address, stored as {@code ip.src} is. */
    IP_DST("ip.dst", 1),
    /** {@code ip6}: the 40-byte IPv6 header is there. */
    IP6("ip6", 0),
    /** {@code ip6.hlim}: the u8 hop limit. */
    IP6_HLIM("ip6.hlim", 1),
    /** {@code ip6.src}: the source address in two slots, the high 64 bits (bytes 0-7, big-endian) first. */
    IP6_SRC("ip6.src", 2),
    /** {@code ip6.dst}: the destination address, stored as {@code ip6.src} is. */
    IP6_DST("ip6.dst", 2),
    /** {@code ip6.next}: the u8 next-header value after up to 4 skipped extension headers. */
    IP6_NEXT("ip6.next", 1),
    /** {@code tcp}: the protocol number is 6 (the header itself may be cut short). */
    TCP("tcp", 0),
    /** {@code tcp.sport}: the u16 source port, as written (host order). */
    TCP_SPORT("tcp.sport", 1),
    /** {@code tcp.dport}: the u16 destination port, as written. */
    TCP_DPORT("tcp.dport", 1),
    /** {@code tcp.flags}: the u8 flags byte (header byte 13: CWR ECE URG ACK PSH RST SYN FIN). */
    TCP_FLAGS("tcp.flags", 1),
    /** {@code tcp.win}: the u16 window from the header. */
    TCP_WIN("tcp.win", 1),
    /** {@code udp}: the protocol number is 17. */
    UDP("udp", 0),
    /** {@code udp.sport}: the u16 source port, as written. */
    UDP_SPORT("udp.sport", 1),
    /** {@code udp.dport}: the u16 destination port, as written. */
    UDP_DPORT("udp.dport", 1),
    /** {@code udp.len}: the u16 length from the header. */
    UDP_LEN("udp.len", 1),
    /** {@code icmp}: IPv4 protocol 1. */
    ICMP("icmp", 0),
    /** {@code icmp.type}: the u8 ICMP type. */
    ICMP_TYPE("icmp.type", 1),
    /** {@code icmp.code}: the u8 ICMP code. */
    ICMP_CODE("icmp.code", 1),
    /** {@code icmp6}: IPv6 next header 58. */
    ICMP6("icmp6", 0),
    /** {@code icmp6.type}: the u8 ICMPv6 type. */
    ICMP6_TYPE("icmp6.type", 1),
    /** {@code icmp6.code}: the u8 ICMPv6 code. */
    ICMP6_CODE("icmp6.code", 1),
    /**
     * {@code dev.type}: 1 block, 2 char (bpf_cgroup_dev_ctx). Cgroup device programs read the
     * {@code dev} fields instead of a packet.
     */
    DEV_TYPE("dev.type", 1),
    /** {@code dev.major}: the u32 major device number. */
    DEV_MAJOR("dev.major", 1),
    /** {@code dev.minor}: the u32 minor device number. */
    DEV_MINOR("dev.minor", 1),
    /** {@code dev.read}: the access asks to read ({@code BPF_DEVCG_ACC_READ}). */
    DEV_READ("dev.read", 0),
    /** {@code dev.write}: the access asks to write ({@code BPF_DEVCG_ACC_WRITE}). */
    DEV_WRITE("dev.write", 0),
    /** {@code dev.mknod}: the access asks to create the node ({@code BPF_DEVCG_ACC_MKNOD}). */
    DEV_MKNOD("dev.mknod", 0),
    /**
     * {@code pid}: the u32 process id (the kernel's tgid). Trace programs read these fields from helpers
     * and their context.
     */
    PID("pid", 1),
    /** {@code tid}: the u32 thread id (the kernel's pid). */
    TID("tid", 1),
    /** {@code uid}: the u32 user id of the current task. */
    UID("uid", 1),
    /** {@code gid}: the u32 group id of the current task. */
    GID("gid", 1),
    /** {@code cpu}: the u32 number of the CPU running the program. */
    CPU("cpu", 1),
    /** {@code nsecs}: the u64 monotonic clock in nanoseconds. */
    NSECS("nsecs", 1),
    /** {@code comm}: the task's name, 16 raw bytes NUL-padded, in two slots in memory order. */
    COMM("comm", 2),
    /** {@code arg0}: the first u64 argument of the probed function, from pt_regs (x86_64 di, arm64 x0). */
    ARG0("arg0", 1),
    /** {@code arg1}: the second argument (x86_64 si, arm64 x1). */
    ARG1("arg1", 1),
    /** {@code arg2}: the third argument (x86_64 dx, arm64 x2). */
    ARG2("arg2", 1),
    /** {@code arg3}: the fourth argument (x86_64 cx, arm64 x3). */
    ARG3("arg3", 1),
    /** {@code arg4}: the fifth argument (x86_64 r8, arm64 x4). */
    ARG4("arg4", 1),
    /** {@code arg5}: the sixth argument (x86_64 r9, arm64 x5). */
    ARG5("arg5", 1),
    /** {@code retval}: the s64 return value at a return probe (x86_64 ax, arm64 x0). */
    RETVAL("retval", 1),
    /** {@code pc}: the sampled u64 instruction pointer of a profile program. */
    PC("pc", 1),
    /**
     * The first tracepoint record word ({@code args.NAME}), assigned by lowering from the format file
     * (TraceSetup); sign-extended when the field's type is signed.
     */
    REC0("rec0", 1),
    /** The second tracepoint record word. */
    REC1("rec1", 1),
    /** The third tracepoint record word. */
    REC2("rec2", 1),
    /** The fourth (last) tracepoint record word: a program reads at most 4 {@code args.NAME}. */
    REC3("rec3", 1),
    /** A string read by str(...): 64 bytes, NUL-terminated, in eight slots. */
    STR("str", 8),
    /**
     * {@code vlan.pcp}: the 3-bit priority of the outer tag. The packet fields from here on came later:
     * they follow the trace fields so that the earlier fields keep their bits and slots (and programs
     * that do not read them their code); {@link #bit} and {@link #isLater} place them.
     */
    VLAN_PCP("vlan.pcp", 1),
    /** {@code vlan.inner}: the 12-bit id of the second tag, when two tags are there. */
    VLAN_INNER("vlan.inner", 1),
    /** {@code ip.ihl}: the u8 header length in 32-bit words (5 to 15). */
    IP_IHL("ip.ihl", 1),
    /** {@code ip.df}: IPv4's don't-fragment flag is set. */
    IP_DF("ip.df", 0),
    /** {@code ip.mf}: IPv4's more-fragments flag is set. */
    IP_MF("ip.mf", 0),
    /** {@code ip.fragoff}: the 13-bit fragment offset in 8-byte units. */
    IP_FRAGOFF("ip.fragoff", 1),
    /** {@code ip6.tclass}: the u8 traffic class. */
    IP6_TCLASS("ip6.tclass", 1),
    /** {@code ip6.flow}: the 20-bit flow label. */
    IP6_FLOW("ip6.flow", 1),
    /** {@code ip6.plen}: the u16 payload length from the header. */
    IP6_PLEN("ip6.plen", 1),
    /** {@code frag}: IPv4 with MF set or a non-zero offset, or IPv6 with a fragment header among those skipped. */
    FRAG("frag", 0),
    /** {@code arp.op}: the u16 operation (1 request, 2 reply). */
    ARP_OP("arp.op", 1),
    /** {@code arp.sha}: the sender hardware address, stored as {@code eth.src} is. */
    ARP_SHA("arp.sha", 1),
    /** {@code arp.tha}: the target hardware address. */
    ARP_THA("arp.tha", 1),
    /** {@code arp.spa}: the sender protocol address, stored as {@code ip.src} is. */
    ARP_SPA("arp.spa", 1),
    /** {@code arp.tpa}: the target protocol address. */
    ARP_TPA("arp.tpa", 1),
    /** {@code sctp}: the protocol number is 132. */
    SCTP("sctp", 0),
    /** {@code sctp.sport}: the u16 source port. */
    SCTP_SPORT("sctp.sport", 1),
    /** {@code sctp.dport}: the u16 destination port. */
    SCTP_DPORT("sctp.dport", 1),
    /** {@code gre}: the protocol number is 47. */
    GRE("gre", 0),
    /** {@code gre.proto}: the u16 protocol type of the GRE header (0x6558, 0x0800, 0x86dd, ...). */
    GRE_PROTO("gre.proto", 1),
    /** {@code vxlan.vni}: the 24-bit VXLAN network identifier (UDP destination port 4789). */
    VXLAN_VNI("vxlan.vni", 1),
    /** {@code geneve.vni}: the 24-bit Geneve virtual network identifier (UDP destination port 6081). */
    GENEVE_VNI("geneve.vni", 1),
    /**
     * Where the network header (ARP, IPv4, IPv6) starts, as an offset from the packet's first byte: what raw
     * bytes ({@code ip[OFFSET]}, {@link RawHeader}) count from. Not a field a script names.
     */
    NETWORK_START("network header start", 1),
    /** Where the transport header starts, recorded when its fields are present (whole, not a later fragment). */
    TRANSPORT_START("transport header start", 1),
    /** Where {@code payload} starts: after the TCP header by its data offset, the UDP header, or 8 bytes of ICMP. */
    PAYLOAD_START("payload start", 1),
    /*
     * The inner layer: each packet field (but pkt.len and the tunnels' own identifiers) again, read from
     * the packet a VXLAN, Geneve or GRE tunnel carries. A twin takes its name, slots and bit (in the
     * inner layer's own presence word) from the field it repeats.
     */
    /** {@code inner.eth}: {@code eth} of the packet a tunnel carries. */
    INNER_ETH(ETH),
    /** {@code inner.eth.dst}: {@code eth.dst} of the packet a tunnel carries. */
    INNER_ETH_DST(ETH_DST),
    /** {@code inner.eth.src}: {@code eth.src} of the packet a tunnel carries. */
    INNER_ETH_SRC(ETH_SRC),
    /** {@code inner.eth.type}: {@code eth.type} of the packet a tunnel carries. */
    INNER_ETH_TYPE(ETH_TYPE),
    /** {@code inner.vlan}: {@code vlan} of the packet a tunnel carries. */
    INNER_VLAN(VLAN),
    /** {@code inner.vlan.id}: {@code vlan.id} of the packet a tunnel carries. */
    INNER_VLAN_ID(VLAN_ID),
    /** {@code inner.arp}: {@code arp} of the packet a tunnel carries. */
    INNER_ARP(ARP),
    /** {@code inner.ip}: {@code ip} of the packet a tunnel carries. */
    INNER_IP(IP),
    /** {@code inner.ip.tos}: {@code ip.tos} of the packet a tunnel carries. */
    INNER_IP_TOS(IP_TOS),
    /** {@code inner.ip.len}: {@code ip.len} of the packet a tunnel carries. */
    INNER_IP_LEN(IP_LEN),
    /** {@code inner.ip.id}: {@code ip.id} of the packet a tunnel carries. */
    INNER_IP_ID(IP_ID),
    /** {@code inner.ip.ttl}: {@code ip.ttl} of the packet a tunnel carries. */
    INNER_IP_TTL(IP_TTL),
    /** {@code inner.ip.proto}: {@code ip.proto} of the packet a tunnel carries. */
    INNER_IP_PROTO(IP_PROTO),
    /** {@code inner.ip.src}: {@code ip.src} of the packet a tunnel carries. */
    INNER_IP_SRC(IP_SRC),
    /** {@code inner.ip.dst}: {@code ip.dst} of the packet a tunnel carries. */
    INNER_IP_DST(IP_DST),
    /** {@code inner.ip6}: {@code ip6} of the packet a tunnel carries. */
    INNER_IP6(IP6),
    /** {@code inner.ip6.hlim}: {@code ip6.hlim} of the packet a tunnel carries. */
    INNER_IP6_HLIM(IP6_HLIM),
    /** {@code inner.ip6.src}: {@code ip6.src} of the packet a tunnel carries. */
    INNER_IP6_SRC(IP6_SRC),
    /** {@code inner.ip6.dst}: {@code ip6.dst} of the packet a tunnel carries. */
    INNER_IP6_DST(IP6_DST),
    /** {@code inner.ip6.next}: {@code ip6.next} of the packet a tunnel carries. */
    INNER_IP6_NEXT(IP6_NEXT),
    /** {@code inner.tcp}: {@code tcp} of the packet a tunnel carries. */
    INNER_TCP(TCP),
    /** {@code inner.tcp.sport}: {@code tcp.sport} of the packet a tunnel carries. */
    INNER_TCP_SPORT(TCP_SPORT),
    /** {@code inner.tcp.dport}: {@code tcp.dport} of the packet a tunnel carries. */
    INNER_TCP_DPORT(TCP_DPORT),
    /** {@code inner.tcp.flags}: {@code tcp.flags} of the packet a tunnel carries. */
    INNER_TCP_FLAGS(TCP_FLAGS),
    /** {@code inner.tcp.win}: {@code tcp.win} of the packet a tunnel carries. */
    INNER_TCP_WIN(TCP_WIN),
    /** {@code inner.udp}: {@code udp} of the packet a tunnel carries. */
    INNER_UDP(UDP),
    /** {@code inner.udp.sport}: {@code udp.sport} of the packet a tunnel carries. */
    INNER_UDP_SPORT(UDP_SPORT),
    /** {@code inner.udp.dport}: {@code udp.dport} of the packet a tunnel carries. */
    INNER_UDP_DPORT(UDP_DPORT),
    /** {@code inner.udp.len}: {@code udp.len} of the packet a tunnel carries. */
    INNER_UDP_LEN(UDP_LEN),
    /** {@code inner.icmp}: {@code icmp} of the packet a tunnel carries. */
    INNER_ICMP(ICMP),
    /** {@code inner.icmp.type}: {@code icmp.type} of the packet a tunnel carries. */
    INNER_ICMP_TYPE(ICMP_TYPE),
    /** {@code inner.icmp.code}: {@code icmp.code} of the packet a tunnel carries. */
    INNER_ICMP_CODE(ICMP_CODE),
    /** {@code inner.icmp6}: {@code icmp6} of the packet a tunnel carries. */
    INNER_ICMP6(ICMP6),
    /** {@code inner.icmp6.type}: {@code icmp6.type} of the packet a tunnel carries. */
    INNER_ICMP6_TYPE(ICMP6_TYPE),
    /** {@code inner.icmp6.code}: {@code icmp6.code} of the packet a tunnel carries. */
    INNER_ICMP6_CODE(ICMP6_CODE),
    /** {@code inner.vlan.pcp}: {@code vlan.pcp} of the packet a tunnel carries. */
    INNER_VLAN_PCP(VLAN_PCP),
    /** {@code inner.vlan.inner}: {@code vlan.inner} of the packet a tunnel carries. */
    INNER_VLAN_INNER(VLAN_INNER),
    /** {@code inner.ip.ihl}: {@code ip.ihl} of the packet a tunnel carries. */
    INNER_IP_IHL(IP_IHL),
    /** {@code inner.ip.df}: {@code ip.df} of the packet a tunnel carries. */
    INNER_IP_DF(IP_DF),
    /** {@code inner.ip.mf}: {@code ip.mf} of the packet a tunnel carries. */
    INNER_IP_MF(IP_MF),
    /** {@code inner.ip.fragoff}: {@code ip.fragoff} of the packet a tunnel carries. */
    INNER_IP_FRAGOFF(IP_FRAGOFF),
    /** {@code inner.ip6.tclass}: {@code ip6.tclass} of the packet a tunnel carries. */
    INNER_IP6_TCLASS(IP6_TCLASS),
    /** {@code inner.ip6.flow}: {@code ip6.flow} of the packet a tunnel carries. */
    INNER_IP6_FLOW(IP6_FLOW),
    /** {@code inner.ip6.plen}: {@code ip6.plen} of the packet a tunnel carries. */
    INNER_IP6_PLEN(IP6_PLEN),
    /** {@code inner.frag}: {@code frag} of the packet a tunnel carries. */
    INNER_FRAG(FRAG),
    /** {@code inner.arp.op}: {@code arp.op} of the packet a tunnel carries. */
    INNER_ARP_OP(ARP_OP),
    /** {@code inner.arp.sha}: {@code arp.sha} of the packet a tunnel carries. */
    INNER_ARP_SHA(ARP_SHA),
    /** {@code inner.arp.tha}: {@code arp.tha} of the packet a tunnel carries. */
    INNER_ARP_THA(ARP_THA),
    /** {@code inner.arp.spa}: {@code arp.spa} of the packet a tunnel carries. */
    INNER_ARP_SPA(ARP_SPA),
    /** {@code inner.arp.tpa}: {@code arp.tpa} of the packet a tunnel carries. */
    INNER_ARP_TPA(ARP_TPA),
    /** {@code inner.sctp}: {@code sctp} of the packet a tunnel carries. */
    INNER_SCTP(SCTP),
    /** {@code inner.sctp.sport}: {@code sctp.sport} of the packet a tunnel carries. */
    INNER_SCTP_SPORT(SCTP_SPORT),
    /** {@code inner.sctp.dport}: {@code sctp.dport} of the packet a tunnel carries. */
    INNER_SCTP_DPORT(SCTP_DPORT),
    /** {@code inner.gre}: {@code gre} of the packet a tunnel carries. */
    INNER_GRE(GRE),
    /** {@code inner.gre.proto}: {@code gre.proto} of the packet a tunnel carries. */
    INNER_GRE_PROTO(GRE_PROTO),
    /*
     * Header starts for inner raw bytes (inner.tcp[13]), after the twins so that no earlier field's
     * bit, slot or code moves.
     */
    /**
     * Where an Ethernet frame starts: the outer one always at the packet's first byte, so only its inner
     * twin is ever recorded (the frame a VXLAN, Geneve or GRE 0x6558 tunnel carries).
     */
    FRAME_START("frame start", 1),
    /** {@link #NETWORK_START} of the packet a tunnel carries. */
    INNER_NETWORK_START(NETWORK_START),
    /** {@link #TRANSPORT_START} of the packet a tunnel carries. */
    INNER_TRANSPORT_START(TRANSPORT_START),
    /** {@link #PAYLOAD_START} of the packet a tunnel carries. */
    INNER_PAYLOAD_START(PAYLOAD_START),
    /** {@link #FRAME_START} of the packet a tunnel carries: where {@code inner.eth[...]} counts from. */
    INNER_FRAME_START(FRAME_START);

    /** The slots for {@code args.NAME}, in the order lowering assigns them. */
    public static final PacketField[] RECORD_WORDS = {REC0, REC1, REC2, REC3};

    /** Fields of one kind of program share a slot numbering: a program reads only one kind. */
    public enum Domain {
        /** Packet fields, read by xdp, tc, socket and cgroup skb programs. */
        PACKET,
        /** Device fields, read by cgroup device programs. */
        DEVICE,
        /** Trace fields, read by probe, tracepoint and profile programs. */
        TRACE
    }

    /** Which kind of program reads this field. */
    public Domain domain() {
        if (ordinal() >= VLAN_PCP.ordinal()) return Domain.PACKET;
        if (ordinal() >= PID.ordinal()) return Domain.TRACE;
        if (ordinal() >= DEV_TYPE.ordinal()) return Domain.DEVICE;
        return Domain.PACKET;
    }

    private final String scriptName;
    private final int slots;
    /** The field an inner-layer twin repeats; null for every other field (see {@link #outer}). */
    private final PacketField repeated;

    PacketField(String scriptName, int slots) {
        this.scriptName = scriptName;
        this.slots = slots;
        this.repeated = null;
    }

    PacketField(PacketField repeated) {
        this.scriptName = INNER_PREFIX + repeated.scriptName;
        this.slots = repeated.slots;
        this.repeated = repeated;
    }

    /** The prefix of the inner layer's field names. */
    public static final String INNER_PREFIX = "inner.";

    /** Whether this field reads the packet a tunnel carries ({@code inner.ip.src}). */
    public boolean isInner() {
        return repeated != null;
    }

    /** The field of the outer packet this one repeats in the inner layer; the field itself when it is not inner. */
    public PacketField outer() {
        return repeated == null ? this : repeated;
    }

    /** The inner layer's twin of this packet field, if it has one (pkt.len and the tunnel identifiers have none). */
    public java.util.Optional<PacketField> inner() {
        return java.util.Optional.ofNullable(Twins.INNER.get(this));
    }

    /** The inner layer's twins by the field they repeat, and the later fields' bit numbers, built once the constants exist. */
    private static final class Twins {
        static final java.util.Map<PacketField, PacketField> INNER = new java.util.EnumMap<>(PacketField.class);
        /** Each later field of the outer layer by its place among them: twins take no bit of their own, so they are skipped. */
        static final java.util.Map<PacketField, Integer> LATER_INDEX = new java.util.EnumMap<>(PacketField.class);

        static {
            for (PacketField f : values()) if (f.repeated != null) INNER.put(f.repeated, f);
            for (PacketField f : values()) if (f.isLater() && f.repeated == null) LATER_INDEX.put(f, LATER_INDEX.size());
            if (ICMP6_CODE.ordinal() + LATER_INDEX.size() >= Long.SIZE) throw new IllegalStateException("more packet fields than presence bits");
        }
    }

    /** The name a script uses: {@code tcp.dport}, or {@code tcp} for the bare test. */
    public String scriptName() {
        return scriptName;
    }

    /** Whether the value is an IPv4 address (ip.src, ip.dst, arp.spa, arp.tpa): a u32 that takes IPv4 literals and prefixes. */
    public boolean isIpv4Address() {
        if (isInner()) return outer().isIpv4Address();
        return this == IP_SRC || this == IP_DST || this == ARP_SPA || this == ARP_TPA;
    }

    /** Whether the value is a MAC address (eth.src, eth.dst, arp.sha, arp.tha): a 48-bit number. */
    public boolean isMacAddress() {
        if (isInner()) return outer().isMacAddress();
        return this == ETH_SRC || this == ETH_DST || this == ARP_SHA || this == ARP_THA;
    }

    /** Whether this is where a header starts, recorded for raw bytes only (no script names it). */
    public boolean isHeaderStart() {
        PacketField f = outer();
        return f == NETWORK_START || f == TRANSPORT_START || f == PAYLOAD_START || f == FRAME_START;
    }

    /** Whether this is a bare protocol test (a presence bit and no value). */
    public boolean isProtocolTest() {
        return slots == 0;
    }

    /**
     * The bit of the presence word that says the field (or protocol) is there: the later packet fields
     * take the bits after the first ones, which device and trace programs use for their own fields. An
     * inner-layer field has its twin's bit, in the inner layer's own presence word.
     */
    public long bit() {
        if (isInner()) return outer().bit();
        return 1L << (isLater() ? ICMP6_CODE.ordinal() + 1 + Twins.LATER_INDEX.get(this) : ordinal());
    }

    /**
     * Whether this packet field came after the trace fields: it has no fixed slot, but takes one of the
     * slots of the fields a program does not read (ParsedFields places it).
     */
    public boolean isLater() {
        return ordinal() >= VLAN_PCP.ordinal();
    }

    /** Value slots (8 bytes each) this field takes: 0 for protocol tests, 2 for IPv6 addresses. */
    public int slots() {
        return slots;
    }

    /** Index of the field's first value slot in its domain's layout (slot 0 is the presence word). */
    public int firstSlot() {
        if (isLater()) throw new IllegalStateException(scriptName + " has no fixed slot");
        int slot = 1;
        for (PacketField f : values()) {
            if (f == this) return slot;
            if (f.domain() == domain()) slot += f.slots;
        }
        throw new IllegalStateException("unreachable");
    }

    /** Slots of the largest domain's layout, which sizes the stack area all programs reserve. */
    public static int totalSlots() {
        int most = 0;
        for (Domain d : Domain.values()) {
            int slots = 1;
            for (PacketField f : values()) if (f.domain() == d && !f.isLater()) slots += f.slots;
            most = Math.max(most, slots);
        }
        return most;
    }

    /** The field a script names {@code name}; IllegalArgumentException when there is none. */
    public static PacketField byScriptName(String name) {
        for (PacketField f : values()) {
            if (f.scriptName.equals(name)) return f;
        }
        throw new IllegalArgumentException("no packet field " + name);
    }
}
