package dev.sluice.tests.codegen;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Register;
import org.junit.jupiter.api.Test;

/**
 * Parsed values stay where a rule reads them cheaply (docs/COMPILER-PARSE.md, "Where parsed values live"):
 * a one-field filter keeps its value in a register with all ones for absent, so nothing is stored on
 * the stack and read back (but the extension-header loop's note of a later fragment), and the
 * EtherType, fragment and port tests need no byte swap.
 */
class ParsedValueStorageTest {
    private static Code code(dev.sluice.dsl.model.Program program) {
        return SluiceCompiler.compile(program).code();
    }

    private static long count(Code code, Class<? extends Instruction> kind) {
        return code.instructions().stream().filter(kind::isInstance).count();
    }

    /** Stores but those of the IPv6 extension headers' loop, which notes a later fragment on the stack. */
    private static long storesOfValues(Code code) {
        return code.instructions().stream()
                .filter(i -> i instanceof Instruction.Store s && s.offset() != dev.sluice.compiler.codegen.ParsedFields.FRAGMENT_SLOT).count();
    }

    @Test
    void tcpPortFilterKeepsThePortInARegisterAndSwapsNothing() {
        Code code = code(xdp("f1").when(tcp().dport(22)).drop());
        assertEquals(0, storesOfValues(code), code.instructions().toString());
        // The port was swapped once on each path (IPv4 and IPv6's copy of the TCP parse); only the test against 22 reads
        // it, so NetworkOrderCompares compares the loaded value with 22 swapped (5632) instead.
        assertEquals(0, count(code, Instruction.ByteSwap.class), code.instructions().toString());
        assertTrue(code.instructions().stream().anyMatch(i -> i instanceof Instruction.Jump j
                && j.src() instanceof dev.sluice.compiler.isa.Operand.Imm k && k.value() == 0x1600), code.instructions().toString());
        // 102 since the untagged frame has a straight path: the EtherType dispatch is emitted again after the tags;
        // 104 since IPv6 tests its protocols before its extension headers (the dispatch again after their walk);
        // 111 since IPv6 and IPv4 fall into their own copies of the TCP parse and the rule (ExitJumps);
        // 109 since neither swaps the port (NetworkOrderCompares);
        // 110 since the extension headers' loop notes a later fragment on the stack (two more, off the straight path)
        assertTrue(code.slotCount() <= 110, "slots " + code.slotCount());
    }

    @Test
    void countByProtocolKeepsTheProtocolInARegisterAcrossTheHelperCall() {
        Code code = code(xdp("f7").when(ip()).countBy("protos", ip().proto()).end());
        // Only the map key and the increment go to the stack; no presence word is saved there.
        assertTrue(code.instructions().stream().noneMatch(i -> i instanceof Instruction.Store s
                && s.src() instanceof dev.sluice.compiler.isa.Operand.Reg && s.size().bytes() == 8
                && s.offset() == dev.sluice.compiler.codegen.ParsedFields.presenceOffset()), code.instructions().toString());
        assertTrue(code.slotCount() <= 51, "slots " + code.slotCount()); // 54 before the key came from r6 and ip was tested once
    }

    @Test
    void anIpv6OnlyPortRuleDropsTheImpliedIp6TestAndKeepsThePortInARegister() {
        // tcp.dport is parsed behind IPv6 only, so its test implies ip6's: no presence word, nothing on the stack.
        Code code = code(xdp("f6").when(ip6().and(tcp().dport(443))).drop());
        assertEquals(0, storesOfValues(code), code.instructions().toString());
        // 91 with the ip6 test; 94 since IPv6 falls into its own copy of the TCP parse and the rule (ExitJumps)
        assertTrue(code.slotCount() <= 94, "slots " + code.slotCount());
    }

    @Test
    void theIp6TestStaysWhenTransportIsParsedBehindIpv4Too() {
        // udp.dport is read behind IPv4 too, so TCP is parsed there as well: tcp.dport == 443 no longer implies ip6.
        Code code = code(xdp("f6u").when(ip6().and(tcp().dport(443))).drop().when(udp().dport(53)).drop());
        assertTrue(count(code, Instruction.Store.class) > 0, code.instructions().toString());
    }
}
