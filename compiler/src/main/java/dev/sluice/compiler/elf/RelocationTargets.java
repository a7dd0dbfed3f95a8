package dev.sluice.compiler.elf;

import dev.sluice.compiler.isa.CallKind;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the relocations of an object's program sections to {@link RelocationTarget}s and
 * prints relocated instructions with them. The rules are libbpf's: the addend of a relocation is
 * the instruction's own immediate (ELF REL, no separate addend); a 64-bit load's addend is a byte
 * offset into the symbol; a call's target is the symbol's slot plus the immediate plus one.
 * Undefined symbols are told apart by the BTF DATASEC that declares them ({@code .kconfig},
 * {@code .ksyms}), read only when an undefined symbol is met.
 */
public final class RelocationTargets {
    private final ElfObject elf;
    private final Map<Place, ElfRelocation> byPlace = new HashMap<>();
    private Map<String, ExternKind> externs;

    private record Place(int section, long offset) {}

    /** The BTF DATASEC that declares an undefined symbol, and for {@code .ksyms} what it is. */
    private enum ExternKind { KCONFIG, KSYM_VARIABLE, KSYM_FUNCTION }

    /** Indexes the relocations of {@code elf} by the place they patch. */
    public RelocationTargets(ElfObject elf) {
        this.elf = elf;
        for (ElfRelocation r : elf.relocations()) byPlace.put(new Place(r.targetSection(), r.offset()), r);
    }

    /**
     * The instruction at {@code byteOffset} of {@code section} with what it refers to named: a
     * relocated 64-bit load or call by its relocation, a local call or function pointer load that
     * the compiler resolved itself by the function symbol at its target. Empty for any other
     * instruction, which prints as {@link dev.sluice.compiler.isa.Disassembler} prints it.
     */
    public Optional<String> text(int section, long byteOffset, Instruction insn) {
        long slot = byteOffset / 8;
        ElfRelocation r = byPlace.get(new Place(section, byteOffset));
        if (r == null) return local(section, slot, insn).map(target -> {
            String operand = target.operand(section, slot);
            return insn instanceof Instruction.LoadImm64 l ? l.dst() + " = func(" + operand + ")" : "call " + operand;
        });
        if (insn instanceof Instruction.LoadImm64 l) {
            RelocationTarget target = target(r, l.imm() & 0xffffffffL, false);
            String operand = target.operand(section, slot);
            return Optional.of(l.dst() + " = " + (target instanceof RelocationTarget.CodeAt ? "func(" + operand + ")" : operand));
        }
        if (insn instanceof Instruction.Call c) return Optional.of("call " + target(r, c.imm(), true).operand(section, slot));
        return Optional.empty();
    }

    /** An unrelocated local call or function pointer load whose target a function symbol names. */
    private Optional<RelocationTarget> local(int section, long slot, Instruction insn) {
        long target;
        if (insn instanceof Instruction.Call c && c.kind() == CallKind.LOCAL) target = slot + 1 + c.imm();
        else if (insn instanceof Instruction.LoadImm64 l && l.source() == Pseudo.FUNC) target = slot + 1 + (int) l.imm();
        else return Optional.empty();
        return functionAt(section, target).map(f -> new RelocationTarget.CodeAt(section, elf.sections().get(section).name(), target, Optional.of(f)));
    }

    private Optional<String> functionAt(int section, long slot) {
        return elf.functionsIn(section).stream().filter(f -> f.value() == slot * 8).map(ElfSymbol::name).findFirst();
    }

    /** What relocation {@code r} refers to, given the instruction's immediate (its addend). */
    public RelocationTarget target(ElfRelocation r, long addend, boolean isCall) {
        ElfSymbol symbol = elf.symbols().get(r.symbolIndex());
        int index = symbol.sectionIndex();
        if (index == 0) return extern(symbol.name(), addend);
        if (index >= elf.sections().size()) return new RelocationTarget.Extern(symbol.name());
        ElfSection section = elf.sections().get(index);
        if (section.isExecutable()) {
            long slot = isCall ? symbol.value() / 8 + addend + 1 : (symbol.value() + addend) / 8;
            return new RelocationTarget.CodeAt(index, section.name(), slot, functionAt(index, slot));
        }
        long offset = symbol.value() + addend;
        if (isMapSection(section.name())) {
            if (symbol.type() != ElfSymbol.STT_SECTION) return new RelocationTarget.MapSymbol(symbol.name());
            return new RelocationTarget.MapSymbol(objectAt(index, offset).orElse(section.name() + "+" + offset));
        }
        return new RelocationTarget.DataValue(section.name(), offset);
    }

    private static boolean isMapSection(String name) {
        return name.equals(".maps") || name.equals("maps") || name.startsWith("maps/");
    }

    private Optional<String> objectAt(int section, long offset) {
        return elf.symbols().stream()
                .filter(s -> s.sectionIndex() == section && s.type() == ElfSymbol.STT_OBJECT && s.value() == offset)
                .map(ElfSymbol::name).findFirst();
    }

    private RelocationTarget extern(String name, long addend) {
        if (externs == null) externs = declaredExterns();
        ExternKind kind = externs.get(name);
        if (kind == null) return new RelocationTarget.Extern(name);
        switch (kind) {
            case KCONFIG: return new RelocationTarget.KconfigValue(name, addend);
            case KSYM_VARIABLE: return new RelocationTarget.KernelVariable(name);
            default: return new RelocationTarget.KernelFunction(name);
        }
    }

    /** Names declared in the BTF DATASECs {@code .kconfig} and {@code .ksyms}; none without BTF. */
    private Map<String, ExternKind> declaredExterns() {
        Map<String, ExternKind> out = new HashMap<>();
        Optional<ElfSection> blob = elf.section(".BTF");
        if (blob.isEmpty()) return out;
        BtfTypes btf = BtfTypes.read(blob.get().data());
        btf.dataSection(".kconfig").ifPresent(sec -> sec.vars().forEach(v -> out.put(btf.get(v.type()).name(), ExternKind.KCONFIG)));
        btf.dataSection(".ksyms").ifPresent(sec -> sec.vars().forEach(v -> {
            BtfTypes.Type type = btf.get(v.type());
            out.put(type.name(), type.kind() == BTF_KIND_FUNC ? ExternKind.KSYM_FUNCTION : ExternKind.KSYM_VARIABLE);
        }));
        return out;
    }

    private static final int BTF_KIND_FUNC = 12;
}
