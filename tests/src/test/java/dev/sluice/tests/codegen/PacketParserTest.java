package dev.sluice.tests.codegen;

import dev.sluice.testing.KernelTests;
import dev.sluice.compiler.hooks.ContextAccess;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.codegen.ParsedFields;
import dev.sluice.compiler.interp.ArrayTable;
import dev.sluice.compiler.interp.Context;
import dev.sluice.compiler.interp.InterpMap;
import dev.sluice.compiler.interp.InterpMaps;
import dev.sluice.compiler.interp.Interpreter;
import dev.sluice.compiler.hooks.ProgramKind;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.BpfMap;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.Codec;
import dev.sluice.runtime.LoadRequest;
import dev.sluice.runtime.MapBinding;
import dev.sluice.runtime.ProgramType;
import dev.sluice.tests.reference.ParsedPacket;
import dev.sluice.tests.reference.RandomPackets;
import dev.sluice.tests.reference.ReferenceParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The generated packet parser against the reference reading of docs/LANGUAGE.md, in the interpreter
 * and in the kernel (as XDP and as tc), on random frames: every field's presence and value agree.
 */
class PacketParserTest {
    static final int SLOTS = PacketField.totalSlots();
    static final MapSpec PARSED = new MapSpec("parsed", MapType.ARRAY, 4, 8 * SLOTS, 1, 0);
    static BpfMap kernelMap;
    static BpfProgram xdp;
    static BpfProgram tc;
    static BpfProgram cgroup;
    static BpfProgram socket;

    /** Zero the slots, parse, copy the slots into map #0's element 0, return 2 (XDP_PASS) or 0 (TC_ACT_OK). */
    static Code harness(ContextAccess access, int verdict) {
        CodeBuilder b = new CodeBuilder();
        for (int slot = 0; slot < SLOTS; slot++) b.store(Size.DW, R10, ParsedFields.STACK_BASE + 8 * slot, 0);
        PacketParser.emit(b, access);
        Label missing = b.newLabel();
        b.store(Size.W, R10, ParsedFields.STACK_BASE - 8, 0).mov64(R2, R10).alu64(AluOp.ADD, R2, ParsedFields.STACK_BASE - 8)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0)).call(1).jump(JumpOp.JEQ, R0, 0, missing);
        for (int slot = 0; slot < SLOTS; slot++) {
            b.load(Size.DW, R1, R10, ParsedFields.STACK_BASE + 8 * slot).store(Size.DW, R0, 8 * slot, R1);
        }
        return b.bind(missing).mov64(R0, verdict).exit().build();
    }

    @BeforeContainer
    static void load() {
        KernelTests.requireBpf();
        kernelMap = BpfMap.create(PARSED);
        xdp = BpfProgram.load(LoadRequest.of("parse_xdp", ProgramType.XDP,
                MapBinding.bind(harness(ContextAccess.XDP, 2), List.of(kernelMap))));
        tc = BpfProgram.load(LoadRequest.of("parse_tc", ProgramType.SCHED_CLS,
                MapBinding.bind(harness(ContextAccess.SKB, 0), List.of(kernelMap))));
        cgroup = BpfProgram.load(LoadRequest.of("parse_cgroup", ProgramType.CGROUP_SKB,
                MapBinding.bind(harness(ContextAccess.SKB_NETWORK, 1), List.of(kernelMap))));
        socket = BpfProgram.load(LoadRequest.of("parse_socket", ProgramType.SOCKET_FILTER,
                MapBinding.bind(harness(ContextAccess.SOCKET, 0), List.of(kernelMap))));
    }

    @AfterContainer
    static void close() {
        if (xdp != null) xdp.close();
        if (tc != null) tc.close();
        if (cgroup != null) cgroup.close();
        if (socket != null) socket.close();
        if (kernelMap != null) kernelMap.close();
    }

    /** Field name to hex value for present fields, and "+name" for the protocol tests that hold. */
    static Map<String, String> fromSlots(byte[] slots) {
        ByteBuffer in = ByteBuffer.wrap(slots).order(ByteOrder.LITTLE_ENDIAN);
        long presence = in.getLong(0);
        Map<String, String> out = new TreeMap<>();
        for (PacketField f : PacketField.values()) {
            // The later fields have no fixed slot; ModelPropertiesTest checks them through the rules that read them.
            if (f.isLater() || (presence & f.bit()) == 0) continue;
            if (f.isProtocolTest()) {
                out.put("+" + f.scriptName(), "");
                continue;
            }
            StringBuilder v = new StringBuilder();
            for (int i = 0; i < f.slots(); i++) v.append(String.format("%016x", in.getLong(8 * (f.firstSlot() + i))));
            out.put(f.scriptName(), v.toString());
        }
        return out;
    }

    static Map<String, String> fromReference(ParsedPacket p) {
        Map<String, String> out = new TreeMap<>();
        for (PacketField f : PacketField.values()) {
            if (f.isLater()) continue;
            if (f.isProtocolTest()) {
                if (p.is(f.scriptName())) out.put("+" + f.scriptName(), "");
                continue;
            }
            p.integer(f.scriptName()).ifPresent(v -> out.put(f.scriptName(), String.format("%016x", v)));
            p.address(f.scriptName()).ifPresent(a -> {
                String hex = HexFormat.of().formatHex(a);
                int width = f.slots() * 16;
                out.put(f.scriptName(), "0".repeat(width - hex.length()) + hex);
            });
        }
        return out;
    }

    static Map<String, String> interpreted(byte[] frame, boolean xdpHook) {
        InterpMap map = InterpMaps.create(PARSED);
        Interpreter interpreter = new Interpreter(harness(xdpHook ? ContextAccess.XDP : ContextAccess.SKB,
                xdpHook ? 2 : 0), List.of(map));
        interpreter.run(xdpHook ? Context.Xdp.of(frame) : Context.Skb.of(ProgramKind.SCHED_CLS, frame, 0));
        return fromSlots(((ArrayTable) map).value(0));
    }

    static Map<String, String> kernel(BpfProgram program, byte[] frame) {
        kernelMap.update(Codec.U32.encode(0), new byte[8 * SLOTS]);
        try {
            program.testRun(frame);
        } catch (RuntimeException e) {
            throw new AssertionError(program.name() + " test run of " + HexFormat.of().formatHex(frame) + ": " + e.getMessage(), e);
        }
        return fromSlots(kernelMap.lookup(Codec.U32.encode(0)).orElseThrow());
    }

    /** For skb test runs the kernel wants a whole IPv4 (20 bytes) or IPv6 (40) header after an IP EtherType. */
    static boolean tcTestRunRefuses(byte[] frame) {
        int type = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
        return type == 0x0800 && frame.length < 34 || type == 0x86dd && frame.length < 54;
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return RandomPackets.frames();
    }

    @Property(tries = 5000)
    void interpreterAgreesWithTheReference(@ForAll("frames") byte[] frame) {
        Map<String, String> expected = fromReference(ReferenceParser.parseFrame(frame));
        assertEquals(expected, interpreted(frame, true), () -> HexFormat.of().formatHex(frame));
        assertEquals(expected, interpreted(frame, false), () -> HexFormat.of().formatHex(frame));
    }

    /** cgroup_skb: the packet starts at the network header; BPF_PROG_TEST_RUN takes a frame and skips its 14 bytes. */
    @Property(tries = 3000)
    void networkStartAgreesInTheInterpreter(@ForAll("frames") byte[] frame) {
        if (frame.length < 14) return;
        int type = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
        byte[] network = java.util.Arrays.copyOfRange(frame, 14, frame.length);
        Map<String, String> expected = fromReference(ReferenceParser.parseNetwork(network, type));
        InterpMap map = InterpMaps.create(PARSED);
        new Interpreter(harness(ContextAccess.SKB_NETWORK, 1), List.of(map))
                .run(Context.Skb.of(ProgramKind.CGROUP_SKB, network, type));
        assertEquals(expected, fromSlots(((ArrayTable) map).value(0)), () -> HexFormat.of().formatHex(frame));
        InterpMap socketMap = InterpMaps.create(PARSED);
        new Interpreter(harness(ContextAccess.SOCKET, 0), List.of(socketMap))
                .run(Context.Skb.of(ProgramKind.SOCKET_FILTER, network, type));
        assertEquals(expected, fromSlots(((ArrayTable) socketMap).value(0)), () -> "socket " + HexFormat.of().formatHex(frame));
        if (tcTestRunRefuses(frame)) return;
        Map<String, String> kernel = kernel(cgroup, frame);
        assertEquals(expected, kernel, () -> "cgroup_skb " + HexFormat.of().formatHex(frame));
        assertEquals(expected, kernel(socket, frame), () -> "socket " + HexFormat.of().formatHex(frame));
    }

    @Property(tries = 1500)
    void kernelAgreesWithTheReference(@ForAll("frames") byte[] frame) {
        if (frame.length < 14) return; // BPF_PROG_TEST_RUN refuses frames shorter than an Ethernet header
        Map<String, String> expected = fromReference(ReferenceParser.parseFrame(frame));
        assertEquals(expected, kernel(xdp, frame), () -> "xdp " + HexFormat.of().formatHex(frame));
        if (tcTestRunRefuses(frame)) return;
        assertEquals(expected, kernel(tc, frame), () -> "tc " + HexFormat.of().formatHex(frame));
    }
}
