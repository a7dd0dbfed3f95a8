package dev.sluice.tests.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.grammar.Scripts;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When a program takes the LD_ABS form (docs/COMPILER-PCAP.md, "The LD_ABS form"): a tc program that is
 * one lone pcap rule whose other verdict is 0, and nothing else. The form reads the packet only
 * with legacy loads; the other code reads skb->data first.
 */
class LdAbsFormChoiceTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "tc ingress { when pcap \"tcp port 22\" { drop } }; true",
            "tc egress { when pcap \"vlan and udp\" { drop } }; true",
            "tc ingress { when pcap \"less 60\" { drop } }; true",
            "tc ingress { when pcap \"ip6 protochain 6\" { drop } }; true",
            "xdp { when pcap \"tcp port 22\" { drop } }; false",
            "tc ingress { when pcap \"tcp\" and ip.ttl < 5 { drop } }; false",
            "tc ingress { when pcap \"tcp\" { drop } when pcap \"udp\" { drop } }; false",
            "tc ingress { when not pcap \"tcp\" { drop } }; false",
            "tc ingress { when pcap \"tcp\" { pass } }; false"})
    void theFormIsChosenOnlyForALonePcapRuleOnTc(String script, boolean ldAbs) {
        CompiledProgram program = compile(script);
        assertEquals(ldAbs, program.ldAbsForm(), script);
        // Apart from the query: the form reads the packet with legacy loads ("less 60" reads no packet byte).
        boolean legacy = program.code().instructions().stream().anyMatch(i -> i instanceof Instruction.LoadPacket);
        if (!script.contains("less")) assertEquals(ldAbs, legacy, script);
    }

    private static CompiledProgram compile(String text) {
        Scripts.Result r = Scripts.parse(text, "choice.ebpf", Path.of("."));
        assertTrue(r.ok(), () -> text + ": " + r.render());
        return SluiceCompiler.compile(r.script().orElseThrow().programs(), dev.sluice.runtime.Tracefs::format).get(0);
    }
}
