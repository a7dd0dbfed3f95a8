package dev.sluice.compiler.hooks;

/**
 * The packet fields and bare protocol tests of docs/LANGUAGE.md (and the device fields of cgroup device
 * programs), each with the presence bit and the
 * 8-byte slot the generated parser stores it in. Values are numbers in host order: ports as
 * written, IPv4 addresses as their big-endian 32-bit number, MAC addresses as 48-bit numbers,
 * IPv6 addresses in two slots (high and low 64 bits).
 */
public enum PacketField {
    PKT_LEN("pkt.len", 1),
    ETH("eth", 0), ETH_DST("eth.dst", 1), ETH_SRC("eth.src", 1), ETH_TYPE("eth.type", 1),
    VLAN("vlan", 0), VLAN_ID("vlan.id", 1),
    ARP("arp", 0),
    IP("ip", 0), IP_TOS("ip.tos", 1), IP_LEN("ip.len", 1), IP_ID("ip.id", 1), IP_TTL("ip.ttl", 1),
    IP_PROTO("ip.proto", 1), IP_SRC("ip.src", 1), IP_DST("ip.dst", 1),
    IP6("ip6", 0), IP6_HLIM("ip6.hlim", 1), IP6_SRC("ip6.src", 2), IP6_DST("ip6.dst", 2), IP6_NEXT("ip6.next", 1),
    TCP("tcp", 0), TCP_SPORT("tcp.sport", 1), TCP_DPORT("tcp.dport", 1), TCP_FLAGS("tcp.flags", 1), TCP_WIN("tcp.win", 1),
    UDP("udp", 0), UDP_SPORT("udp.sport", 1), UDP_DPORT("udp.dport", 1), UDP_LEN("udp.len", 1),
    ICMP("icmp", 0), ICMP_TYPE("icmp.type", 1), ICMP_CODE("icmp.code", 1),
    ICMP6("icmp6", 0), ICMP6_TYPE("icmp6.type", 1), ICMP6_CODE("icmp6.code", 1),
    /** cgroup device programs read these instead of a packet: type 1 block, 2 char (bpf_cgroup_dev_ctx). */
    DEV_TYPE("dev.type", 1), DEV_MAJOR("dev.major", 1), DEV_MINOR("dev.minor", 1),
    DEV_READ("dev.read", 0), DEV_WRITE("dev.write", 0), DEV_MKNOD("dev.mknod", 0),
    /** Trace programs read these from helpers and their context; comm is 16 raw bytes in two slots. */
    PID("pid", 1), TID("tid", 1), UID("uid", 1), GID("gid", 1), CPU("cpu", 1), NSECS("nsecs", 1), COMM("comm", 2),
    ARG0("arg0", 1), ARG1("arg1", 1), ARG2("arg2", 1), ARG3("arg3", 1), ARG4("arg4", 1), ARG5("arg5", 1),
    RETVAL("retval", 1), PC("pc", 1),
    /** Tracepoint record words (args.NAME), assigned by lowering from the format file (TraceSetup). */
    REC0("rec0", 1), REC1("rec1", 1), REC2("rec2", 1), REC3("rec3", 1),
    /** A string read by str(...): 64 bytes, NUL-terminated, in eight slots. */
    STR("str", 8);

    public static final PacketField[] RECORD_WORDS = {REC0, REC1, REC2, REC3};

    /** Fields of one kind of program share a slot numbering: a program reads only one kind. */
    public enum Domain { PACKET, DEVICE, TRACE }

    public Domain domain() {
        if (ordinal() >= PID.ordinal()) return Domain.TRACE;
        if (ordinal() >= DEV_TYPE.ordinal()) return Domain.DEVICE;
        return Domain.PACKET;
    }

    private final String scriptName;
    private final int slots;

    PacketField(String scriptName, int slots) {
        this.scriptName = scriptName;
        this.slots = slots;
    }

    /** The name a script uses: {@code tcp.dport}, or {@code tcp} for the bare test. */
    public String scriptName() {
        return scriptName;
    }

    /** Whether this is a bare protocol test (a presence bit and no value). */
    public boolean isProtocolTest() {
        return slots == 0;
    }

    /** The bit of the presence word that says the field (or protocol) is there. */
    public long bit() {
        return 1L << ordinal();
    }

    /** Value slots (8 bytes each) this field takes: 0 for protocol tests, 2 for IPv6 addresses. */
    public int slots() {
        return slots;
    }

    /** Index of the field's first value slot in its domain's layout (slot 0 is the presence word). */
    public int firstSlot() {
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
            for (PacketField f : values()) if (f.domain() == d) slots += f.slots;
            most = Math.max(most, slots);
        }
        return most;
    }

    public static PacketField byScriptName(String name) {
        for (PacketField f : values()) {
            if (f.scriptName.equals(name)) return f;
        }
        throw new IllegalArgumentException("no packet field " + name);
    }
}
