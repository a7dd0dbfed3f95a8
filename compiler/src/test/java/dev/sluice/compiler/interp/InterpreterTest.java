package dev.sluice.compiler.interp;

import dev.sluice.compiler.hooks.ProgramKind;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.AtomicOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Operand;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterpreterTest {
    static RunResult xdp(CodeBuilder b, byte[] packet) {
        return Interpreter.run(b.build(), Context.Xdp.of(packet));
    }

    static long r0(CodeBuilder b) {
        return xdp(b, new byte[64]).r0();
    }

    @Test
    void aluCorners() {
        assertEquals(0, r0(new CodeBuilder().mov64(R0, 7).mov64(R1, 0).alu64(AluOp.DIV, R0, R1).exit()));
        assertEquals(7, r0(new CodeBuilder().mov64(R0, 7).mov64(R1, 0).alu64(AluOp.MOD, R0, R1).exit()));
        assertEquals(0xffffffffL, r0(new CodeBuilder().mov64(R0, -1).mov64(R1, 0).alu32(AluOp.MOD, R0, R1).exit()));
        assertEquals(Long.MIN_VALUE, r0(new CodeBuilder().loadImm64(R0, Long.MIN_VALUE).mov64(R1, -1)
                .alu64(AluOp.SDIV, R0, R1).exit()));
        assertEquals(-3, r0(new CodeBuilder().mov64(R0, -7).alu64(AluOp.SDIV, R0, 2).exit()));
        assertEquals(-1, r0(new CodeBuilder().mov64(R0, -7).alu64(AluOp.SMOD, R0, 2).exit()));
        assertEquals(0xffffffffL, r0(new CodeBuilder().mov64(R0, -1).alu32(AluOp.ADD, R0, 0).exit()));
        assertEquals(-1L, r0(new CodeBuilder().mov64(R0, -1).exit()));
        assertEquals(0xffffffffL, r0(new CodeBuilder().add(new Instruction.Alu(false, AluOp.MOV, R0, Operand.imm(-1))).exit()));
        assertEquals(2, r0(new CodeBuilder().mov64(R0, 1).mov64(R1, 65).alu64(AluOp.LSH, R0, R1).exit()));
        assertEquals(-128, r0(new CodeBuilder().mov64(R1, 0x80).add(new Instruction.Alu(true, AluOp.MOVSX8, R0, Operand.reg(R1))).exit()));
        assertEquals(0x3412, r0(new CodeBuilder().mov64(R0, 0x1234)
                .add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, R0)).exit()));
        assertEquals(0x34, r0(new CodeBuilder().mov64(R0, 0x1234)
                .add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_LE, 16, R0))
                .alu64(AluOp.AND, R0, 0xff).exit()));
    }

    @Test
    void packetReadsAreBoundsChecked() {
        byte[] packet = new byte[20];
        packet[19] = 9;
        CodeBuilder ok = new CodeBuilder().load(Size.W, R2, R1, 0).load(Size.B, R0, R2, 19).exit();
        assertEquals(9, xdp(ok, packet).r0());
        CodeBuilder past = new CodeBuilder().load(Size.W, R2, R1, 0).load(Size.B, R0, R2, 20).exit();
        InterpreterException e = assertThrows(InterpreterException.class, () -> xdp(past, packet));
        assertEquals(1, e.pc());
        assertTrue(e.getMessage().contains("packet access out of bounds"), e.getMessage());
    }

    @Test
    void dataEndIsOnePastTheLastByte() {
        CodeBuilder b = new CodeBuilder().load(Size.W, R2, R1, 0).load(Size.W, R3, R1, 4)
                .mov64(R0, R3).alu64(AluOp.SUB, R0, R2).exit();
        assertEquals(37, xdp(b, new byte[37]).r0());
    }

    @Test
    void stackIsBoundedAndZeroed() {
        assertEquals(0, r0(new CodeBuilder().load(Size.DW, R0, R10, -512).exit()));
        InterpreterException e = assertThrows(InterpreterException.class,
                () -> r0(new CodeBuilder().mov64(R0, 0).store(Size.DW, R10, -520, 1).exit()));
        assertEquals(1, e.pc());
        assertThrows(InterpreterException.class, () -> r0(new CodeBuilder().load(Size.B, R0, R10, 0).exit()));
    }

    @Test
    void xdpContextIsReadOnlyWordsOnly() {
        assertThrows(InterpreterException.class, () -> r0(new CodeBuilder().load(Size.DW, R0, R1, 0).exit()));
        assertThrows(InterpreterException.class, () -> r0(new CodeBuilder().load(Size.W, R0, R1, 20).exit()));
        assertThrows(InterpreterException.class, () -> r0(new CodeBuilder().store(Size.W, R1, 12, 0).mov64(R0, 0).exit()));
        assertEquals(1, r0(new CodeBuilder().load(Size.W, R0, R1, 12).exit()));
    }

    @Test
    void skbFieldsFollowTheProgramType() {
        Code readData = new CodeBuilder().load(Size.W, R0, R1, 76).exit().build();
        byte[] pkt = new byte[30];
        assertThrows(InterpreterException.class,
                () -> Interpreter.run(readData, Context.Skb.of(ProgramKind.SOCKET_FILTER, pkt, 0x0800)));
        Interpreter.run(readData, Context.Skb.of(ProgramKind.SCHED_CLS, pkt, 0x0800));
        Code protocol = new CodeBuilder().load(Size.W, R0, R1, 16).exit().build();
        assertEquals(0x0008, Interpreter.run(protocol, Context.Skb.of(ProgramKind.SOCKET_FILTER, pkt, 0x0800)).r0());
        Code markWrite = new CodeBuilder().store(Size.W, R1, 8, 5).load(Size.W, R0, R1, 8).exit().build();
        assertEquals(5, Interpreter.run(markWrite, Context.Skb.of(ProgramKind.SCHED_CLS, pkt, 0x0800)).r0());
        assertThrows(InterpreterException.class,
                () -> Interpreter.run(markWrite, Context.Skb.of(ProgramKind.SOCKET_FILTER, pkt, 0x0800)));
    }

    /** r0 = the 2 bytes {@code helper} (skb_load_bytes or its relative form from the network header) copies from {@code offset}, loaded little-endian, or its error return. */
    private static long loadTwo(int helper, int offset, byte[] pkt) {
        CodeBuilder b = new CodeBuilder();
        Label failed = b.newLabel();
        Label zeroed = b.newLabel();
        b.store(Size.DW, R10, -8, -1).mov64(R2, offset).mov64(R3, R10).alu64(AluOp.ADD, R3, -8).mov64(R4, 2).mov64(R5, 1).call(helper)
                .jump(JumpOp.JSLT, R0, 0, failed).load(Size.H, R0, R10, -8).exit()
                // A failed copy leaves its error in r0 only when it zeroed the buffer.
                .bind(failed).load(Size.H, R1, R10, -8).jump(JumpOp.JEQ, R1, 0, zeroed).mov64(R0, 99).bind(zeroed).exit();
        return Interpreter.run(b.build(), Context.Skb.of(ProgramKind.SOCKET_FILTER, pkt, 0x0800)).r0();
    }

    @Test
    void skbLoadBytesRelativeRefusesOffsetsOver0xffffAsTheKernelDoes() {
        byte[] pkt = new byte[0x10010];
        pkt[1] = 0x12;
        pkt[2] = 0x34;
        pkt[0x10000] = 0x56;
        assertEquals(0x3412, loadTwo(68, 1, pkt));
        // Past the end, and past 0xffff even though the packet is longer: -EFAULT, the buffer zeroed.
        assertEquals(-14, loadTwo(68, pkt.length - 1, pkt));
        assertEquals(-14, loadTwo(68, 0x10000, pkt));
        // The plain helper reads anywhere up to INT_MAX.
        assertEquals(0x56, loadTwo(26, 0x10000, pkt));
    }

    @Test
    void legacyPacketLoadsReturnHostOrderAndEndTheProgramWhenOutOfRange() {
        byte[] pkt = {0x12, 0x34, 0x56, 0x78};
        Code abs = new CodeBuilder().mov64(R6, R1).add(new Instruction.LoadPacket(false, Size.H, R0, 1)).exit().build();
        assertEquals(0x3456, Interpreter.run(abs, Context.Skb.of(ProgramKind.SOCKET_FILTER, pkt, 0x0800)).r0());
        Code past = new CodeBuilder().mov64(R6, R1).add(new Instruction.LoadPacket(false, Size.W, R0, 2))
                .mov64(R0, 99).exit().build();
        assertEquals(0, Interpreter.run(past, Context.Skb.of(ProgramKind.SOCKET_FILTER, pkt, 0x0800)).r0());
        assertThrows(InterpreterException.class, () -> Interpreter.run(abs, Context.Xdp.of(pkt)));
    }

    static final MapSpec COUNTERS = new MapSpec("counters", MapType.ARRAY, 4, 8, 4, 0);
    static final MapSpec FLOWS = new MapSpec("flows", MapType.HASH, 4, 8, 2, 0);

    /** r0 = map_lookup(map #index, key on the stack); count it up atomically when found. */
    static CodeBuilder countKey(int mapIndex, int key) {
        CodeBuilder b = new CodeBuilder();
        Label missing = b.newLabel();
        b.store(Size.W, R10, -4, key).mov64(R2, R10).alu64(AluOp.ADD, R2, -4)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, mapIndex)).call(1)
                .jump(JumpOp.JEQ, R0, 0, missing)
                .mov64(R1, 1).add(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R0, R1, 0))
                .mov64(R0, 1).exit()
                .bind(missing).mov64(R0, 0).exit();
        return b;
    }

    @Test
    void arrayMapLookupWritesThrough() {
        InterpMap counters = InterpMaps.create(COUNTERS);
        Interpreter i = new Interpreter(countKey(0, 2).build(), List.of(counters));
        for (int n = 0; n < 3; n++) assertEquals(1, i.run(Context.Xdp.of(new byte[14])).r0());
        assertEquals(3, Memory.read(((ArrayTable) counters).value(2), 0, 8));
        Interpreter outOfRange = new Interpreter(countKey(0, 4).build(), List.of(counters));
        assertEquals(0, outOfRange.run(Context.Xdp.of(new byte[14])).r0());
    }

    @Test
    void hashMapFlagsAndCapacity() {
        InterpMap flows = InterpMaps.create(FLOWS);
        byte[] v = new byte[8];
        assertEquals(0, flows.update(new byte[] {1, 0, 0, 0}, v, InterpMap.NOEXIST));
        assertEquals(-17, flows.update(new byte[] {1, 0, 0, 0}, v, InterpMap.NOEXIST));
        assertEquals(-2, flows.update(new byte[] {2, 0, 0, 0}, v, InterpMap.EXIST));
        assertEquals(0, flows.update(new byte[] {2, 0, 0, 0}, v, InterpMap.ANY));
        assertEquals(-7, flows.update(new byte[] {3, 0, 0, 0}, v, InterpMap.ANY));
        assertEquals(0, flows.delete(new byte[] {2, 0, 0, 0}));
        assertEquals(-2, flows.delete(new byte[] {2, 0, 0, 0}));
        InterpMap lru = InterpMaps.create(new MapSpec("lru", MapType.LRU_HASH, 4, 8, 2, 0));
        lru.update(new byte[] {1, 0, 0, 0}, v, 0);
        lru.update(new byte[] {2, 0, 0, 0}, v, 0);
        lru.lookup(new byte[] {1, 0, 0, 0});
        assertEquals(0, lru.update(new byte[] {3, 0, 0, 0}, v, 0));
        assertNull(lru.lookup(new byte[] {2, 0, 0, 0}));
        assertNotNull(lru.lookup(new byte[] {1, 0, 0, 0}));
    }

    @Test
    void lpmTrieFindsTheLongestPrefix() {
        InterpMap lpm = InterpMaps.create(new MapSpec("nets", MapType.LPM_TRIE, 8, 1, 16, MapSpec.NO_PREALLOC));
        lpm.update(new byte[] {8, 0, 0, 0, 10, 0, 0, 0}, new byte[] {1}, 0);
        lpm.update(new byte[] {24, 0, 0, 0, 10, 1, 2, 0}, new byte[] {2}, 0);
        assertEquals(2, lpm.lookup(new byte[] {32, 0, 0, 0, 10, 1, 2, 3})[0]);
        assertEquals(1, lpm.lookup(new byte[] {32, 0, 0, 0, 10, 9, 9, 9})[0]);
        assertNull(lpm.lookup(new byte[] {32, 0, 0, 0, 11, 0, 0, 0}));
        assertEquals(-22, lpm.update(new byte[] {33, 0, 0, 0, 10, 0, 0, 0}, new byte[] {1}, 0));
    }

    @Test
    void ringBufferReserveSubmitAndOutput() {
        InterpMap events = InterpMaps.create(new MapSpec("events", MapType.RINGBUF, 0, 0, 4096, 0));
        CodeBuilder b = new CodeBuilder();
        Label full = b.newLabel();
        b.add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0)).mov64(R2, 8).mov64(R3, 0).call(131)
                .jump(JumpOp.JEQ, R0, 0, full)
                .store(Size.DW, R0, 0, 0x55).mov64(R1, R0).mov64(R2, 0).call(132)
                .store(Size.W, R10, -4, 0x77).add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0))
                .mov64(R2, R10).alu64(AluOp.ADD, R2, -4).mov64(R3, 4).mov64(R4, 0).call(130)
                .bind(full).mov64(R0, 0).exit();
        new Interpreter(b.build(), List.of(events)).run(Context.Xdp.of(new byte[14]));
        List<byte[]> records = ((RingBuffer) events).drain();
        assertEquals(2, records.size());
        assertEquals(0x55, records.get(0)[0]);
        assertEquals(4, records.get(1).length);
        assertEquals(0x77, records.get(1)[0]);
    }

    @Test
    void localCallsPreserveCalleeSavedRegistersAndHaveTheirOwnStack() {
        CodeBuilder b = new CodeBuilder();
        Label f = b.newLabel();
        b.mov64(R6, 10).store(Size.DW, R10, -8, 5).mov64(R1, 3).callLocal(f)
                .alu64(AluOp.ADD, R0, R6).load(Size.DW, R2, R10, -8).alu64(AluOp.ADD, R0, R2).exit()
                .bind(f).mov64(R6, 1000).store(Size.DW, R10, -8, 7).mov64(R0, R1).alu64(AluOp.MUL, R0, 2).exit();
        assertEquals(6 + 10 + 5, r0(b));
    }

    @Test
    void budgetStopsRunawayLoops() {
        CodeBuilder b = new CodeBuilder();
        Label top = b.newLabel();
        b.mov64(R0, 0).bind(top).alu64(AluOp.ADD, R0, 1).goTo(top).exit();
        Interpreter i = new Interpreter(b.build());
        InterpreterException e = assertThrows(InterpreterException.class,
                () -> i.run(Context.Xdp.of(new byte[14]), Environment.DEFAULT.withBudget(1000)));
        assertTrue(e.getMessage().contains("budget of 1000"), e.getMessage());
    }

    @Test
    void helpersAnswerFromTheEnvironment() {
        Environment env = Environment.DEFAULT.withTask(42, 43, 1000, 100, "curl");
        CodeBuilder b = new CodeBuilder().call(14).alu64(AluOp.RSH, R0, 32).exit();
        assertEquals(42, new Interpreter(b.build()).run(new Context.Raw(ProgramKind.KPROBE, new byte[168]), env).r0());
        CodeBuilder comm = new CodeBuilder().mov64(R1, R10).alu64(AluOp.ADD, R1, -16).mov64(R2, 16).call(16)
                .load(Size.W, R0, R10, -16).exit();
        assertEquals(0x6c727563, new Interpreter(comm.build()).run(new Context.Raw(ProgramKind.KPROBE, new byte[168]), env).r0());
    }

    @Test
    void tracePrintkFormats() {
        byte[] fmt = "n=%d x=%x\0".getBytes();
        CodeBuilder b = new CodeBuilder();
        for (int i = 0; i < fmt.length; i++) b.store(Size.B, R10, -16 + i, fmt[i]);
        b.mov64(R1, R10).alu64(AluOp.ADD, R1, -16).mov64(R2, fmt.length).mov64(R3, -5).mov64(R4, 255)
                .call(6).mov64(R0, 0).exit();
        assertEquals(List.of("n=-5 x=ff"), xdp(b, new byte[14]).printk());
    }

    @Test
    void redirectRecordsTheTarget() {
        RunResult r = xdp(new CodeBuilder().mov64(R1, 7).mov64(R2, 0).call(23).exit(), new byte[14]);
        assertEquals(4, r.r0());
        assertEquals(7, r.redirect().orElseThrow());
    }

    @Test
    void packetWritesShowInTheResult() {
        CodeBuilder b = new CodeBuilder().load(Size.W, R2, R1, 0).store(Size.B, R2, 0, 0x42).mov64(R0, 2).exit();
        assertEquals(0x42, xdp(b, new byte[14]).packet()[0]);
    }
}
