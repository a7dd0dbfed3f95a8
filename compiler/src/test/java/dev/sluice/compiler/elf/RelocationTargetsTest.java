package dev.sluice.compiler.elf;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.CallKind;
import dev.sluice.compiler.isa.Insns;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each kind of relocation in a program section, as clang writes them, named as docs/INSTRUCTIONS.md says. */
class RelocationTargetsTest {
    private static final int TEXT = 1;
    private static final int XDP = 2;
    private static final long EXEC = ElfSection.SHF_ALLOC | ElfSection.SHF_EXECINSTR;
    private static final long DATA = ElfSection.SHF_ALLOC | ElfSection.SHF_WRITE;

    // symbol indices
    private static final int TEXT_SECTION = 1;
    private static final int RODATA_SECTION = 2;
    private static final int DATA_SECTION = 3;
    private static final int HELPER_FN = 4;
    private static final int COUNTS = 5;
    private static final int PACKETS = 6;
    private static final int KERNEL_VERSION = 7;
    private static final int PROG_ACTIVE = 8;
    private static final int RCU_LOCK = 9;
    private static final int UNDECLARED = 10;

    private static final List<ElfSymbol> SYMBOLS = List.of(
            new ElfSymbol("", 0, 0, 0, 0),
            new ElfSymbol(".text", ElfSymbol.STT_SECTION, TEXT, 0, 0),
            new ElfSymbol(".rodata", ElfSymbol.STT_SECTION, 3, 0, 0),
            new ElfSymbol(".data", ElfSymbol.STT_SECTION, 5, 0, 0),
            new ElfSymbol("helper_fn", ElfSymbol.STT_FUNC, TEXT, 16, 16),
            new ElfSymbol("counts", ElfSymbol.STB_GLOBAL << 4 | ElfSymbol.STT_OBJECT, 6, 0, 32),
            new ElfSymbol("packets", ElfSymbol.STB_GLOBAL << 4 | ElfSymbol.STT_OBJECT, 4, 64, 8),
            new ElfSymbol("LINUX_KERNEL_VERSION", ElfSymbol.STB_GLOBAL << 4, 0, 0, 0),
            new ElfSymbol("bpf_prog_active", ElfSymbol.STB_GLOBAL << 4, 0, 0, 0),
            new ElfSymbol("bpf_rcu_read_lock", ElfSymbol.STB_GLOBAL << 4, 0, 0, 0),
            new ElfSymbol("not_declared", ElfSymbol.STB_GLOBAL << 4, 0, 0, 0),
            new ElfSymbol("count", ElfSymbol.STB_GLOBAL << 4 | ElfSymbol.STT_FUNC, XDP, 0, 64));

    /** Names the relocated instruction at {@code slot} of {@code section}, relocated against {@code symbol}. */
    private static Optional<String> named(int section, int slot, int symbol, Instruction insn, boolean withBtf) {
        int type = insn instanceof Instruction.Call ? ElfRelocation.R_BPF_64_32 : ElfRelocation.R_BPF_64_64;
        ElfObject elf = new ElfObject(sections(withBtf), SYMBOLS, List.of(new ElfRelocation(section, slot * 8L, symbol, type)));
        return new RelocationTargets(elf).text(section, slot * 8L, insn);
    }

    private static String named(int section, int slot, int symbol, Instruction insn) {
        return named(section, slot, symbol, insn, true).orElseThrow();
    }

    private static List<ElfSection> sections(boolean withBtf) {
        List<ElfSection> out = new ArrayList<>(List.of(
                new ElfSection(0, "", 0, 0, 0, 0, 0, new byte[0]),
                new ElfSection(TEXT, ".text", ElfSection.SHT_PROGBITS, EXEC, 0, 0, 0, new byte[64]),
                new ElfSection(XDP, "xdp", ElfSection.SHT_PROGBITS, EXEC, 0, 0, 0, new byte[64]),
                new ElfSection(3, ".rodata", ElfSection.SHT_PROGBITS, ElfSection.SHF_ALLOC, 0, 0, 0, new byte[32]),
                new ElfSection(4, ".bss", ElfSection.SHT_NOBITS, DATA, 0, 0, 0, new byte[0]),
                new ElfSection(5, ".data", ElfSection.SHT_PROGBITS, DATA, 0, 0, 0, new byte[16]),
                new ElfSection(6, ".maps", ElfSection.SHT_PROGBITS, DATA, 0, 0, 0, new byte[32])));
        if (withBtf) out.add(new ElfSection(7, ".BTF", ElfSection.SHT_PROGBITS, 0, 0, 0, 0, externsBtf()));
        return out;
    }

    /** The DATASECs clang writes for a {@code __kconfig} extern, a {@code __ksym} variable and a kfunc. */
    private static byte[] externsBtf() {
        BtfBuilder btf = new BtfBuilder();
        int u32 = btf.addInt("unsigned int", 4, false);
        int version = btf.addVar("LINUX_KERNEL_VERSION", u32);
        int active = btf.addVar("bpf_prog_active", u32);
        int lock = btf.addFunction("bpf_rcu_read_lock", btf.addFunctionPrototype(0, List.of()));
        btf.addDataSection(".kconfig", 0, List.of(new BtfBuilder.SectionVar(version, 0, 4)));
        btf.addDataSection(".ksyms", 0, List.of(new BtfBuilder.SectionVar(active, 0, 4), new BtfBuilder.SectionVar(lock, 0, 0)));
        return btf.build();
    }

    @Test
    void aLoadRelocatedAgainstADataSectionIsAPointerIntoItsValueAtTheImmediate() {
        assertEquals("r1 = map[.rodata][0]+16", named(XDP, 0, RODATA_SECTION, Insns.ldImm64(Register.R1, 16)));
        assertEquals("r3 = map[.data][0]+8", named(XDP, 4, DATA_SECTION, Insns.ldImm64(Register.R3, 8)));
    }

    @Test
    void aLoadRelocatedAgainstAVariableAddsItsOffsetInItsSection() {
        assertEquals("r2 = map[.bss][0]+64", named(XDP, 2, PACKETS, Insns.ldImm64(Register.R2, 0)));
        assertEquals("r2 = map[.bss][0]+68", named(XDP, 2, PACKETS, Insns.ldImm64(Register.R2, 4)));
    }

    @Test
    void aLoadRelocatedAgainstAMapNamesTheMap() {
        assertEquals("r1 = map[counts]", named(XDP, 0, COUNTS, Insns.ldImm64(Register.R1, 0)));
    }

    @Test
    void aCallIntoTextFromAProgramSectionNamesTheFunction() {
        // clang: against .text's section symbol, immediate = target slot - 1.
        assertEquals("call helper_fn", named(XDP, 3, TEXT_SECTION, new Instruction.Call(CallKind.LOCAL, 1)));
        // a global function: against its own symbol, immediate -1.
        assertEquals("call helper_fn", named(XDP, 3, HELPER_FN, new Instruction.Call(CallKind.LOCAL, -1)));
        assertEquals("call .text+1", named(XDP, 3, TEXT_SECTION, new Instruction.Call(CallKind.LOCAL, 0)));
    }

    @Test
    void aCallWithinItsSectionIsPcRelativeWithTheFunctionsName() {
        assertEquals("call pc+1#helper_fn", named(TEXT, 0, TEXT_SECTION, new Instruction.Call(CallKind.LOCAL, 1)));
        assertEquals("call pc-5#helper_fn", named(TEXT, 6, HELPER_FN, new Instruction.Call(CallKind.LOCAL, -1)));
        assertEquals("call pc-1", named(TEXT, 6, TEXT_SECTION, new Instruction.Call(CallKind.LOCAL, 5)));
    }

    @Test
    void anUnrelocatedLocalCallNamesTheFunctionItReaches() {
        ElfObject elf = new ElfObject(sections(false), SYMBOLS, List.of());
        RelocationTargets targets = new RelocationTargets(elf);
        assertEquals(Optional.of("call pc+1#helper_fn"), targets.text(TEXT, 0, new Instruction.Call(CallKind.LOCAL, 1)));
        assertEquals(Optional.of("r4 = func(pc+1#helper_fn)"), targets.text(TEXT, 0, new Instruction.LoadImm64(Register.R4, Pseudo.FUNC, 1)));
        assertEquals(Optional.empty(), targets.text(TEXT, 0, new Instruction.Call(CallKind.LOCAL, 0)));
        assertEquals(Optional.empty(), targets.text(TEXT, 0, Insns.call(1)));
    }

    @Test
    void aLoadRelocatedAgainstCodeIsAFunctionPointer() {
        // clang: the immediate is a byte offset into .text.
        assertEquals("r2 = func(helper_fn)", named(XDP, 1, TEXT_SECTION, Insns.ldImm64(Register.R2, 16)));
        assertEquals("r2 = func(pc+1#helper_fn)", named(TEXT, 0, TEXT_SECTION, Insns.ldImm64(Register.R2, 16)));
    }

    @Test
    void aKconfigExternIsItsValueInTheKconfigMap() {
        assertEquals("r1 = map[.kconfig][0]+LINUX_KERNEL_VERSION", named(XDP, 0, KERNEL_VERSION, Insns.ldImm64(Register.R1, 0)));
    }

    @Test
    void aKsymVariableIsItsBtfId() {
        assertEquals("r1 = btf_id(bpf_prog_active)", named(XDP, 0, PROG_ACTIVE, Insns.ldImm64(Register.R1, 0)));
    }

    @Test
    void aKfuncCallIsAKernelFunctionByName() {
        assertEquals("call kernel-function#bpf_rcu_read_lock", named(XDP, 0, RCU_LOCK, new Instruction.Call(CallKind.LOCAL, -1)));
    }

    @Test
    void anExternNoDatasecDeclaresIsAPlainExtern() {
        assertEquals("r1 = extern(not_declared)", named(XDP, 0, UNDECLARED, Insns.ldImm64(Register.R1, 0)));
        assertEquals(Optional.of("r1 = extern(LINUX_KERNEL_VERSION)"),
                named(XDP, 0, KERNEL_VERSION, Insns.ldImm64(Register.R1, 0), false));
    }

    @Test
    void otherInstructionsAtARelocatedPlaceAreNotNamed() {
        assertEquals(Optional.empty(), named(XDP, 0, RODATA_SECTION, Insns.exit(), true));
    }

    @Test
    void aBrokenBtfIsAFormatErrorWhenAnExternNeedsIt() {
        List<ElfSection> sections = new ArrayList<>(sections(false));
        sections.add(new ElfSection(7, ".BTF", ElfSection.SHT_PROGBITS, 0, 0, 0, 0, new byte[] {1, 2, 3}));
        ElfObject elf = new ElfObject(sections, SYMBOLS, List.of(new ElfRelocation(XDP, 0, PROG_ACTIVE, ElfRelocation.R_BPF_64_64)));
        RelocationTargets targets = new RelocationTargets(elf);
        assertThrows(ElfFormatException.class, () -> targets.text(XDP, 0, Insns.ldImm64(Register.R1, 0)));
    }
}
