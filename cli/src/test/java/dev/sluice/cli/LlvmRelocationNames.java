package dev.sluice.cli;

import dev.sluice.testing.KernelTests;
import dev.sluice.runtime.testing.Shell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line {@code sluice disasm} must print for an instruction, worked out from what LLVM's tools
 * show of it: the relocation that {@code llvm-objdump -r} prints under it, the symbol table of
 * {@code llvm-objdump -t}, and the {@code .kconfig} and {@code .ksyms} DATASECs of {@code bpftool
 * btf dump file}. It restates docs/INSTRUCTIONS.md's forms from LLVM's view of the object, not from
 * Sluice's reading of it: an addend is the immediate that llvm-objdump prints; a data symbol is
 * {@code map[SECTION][0]+value+addend}; a call's target is the symbol's slot + immediate + 1.
 */
final class LlvmRelocationNames {
    /** {@code 0000000000000048 l     F .text	0000000000000078 scaled}: value, flags, section, name. */
    private static final Pattern SYMBOL = Pattern.compile("^([0-9a-f]{16}) (.{7}) (\\S+)\\t[0-9a-f]{16} (.*)$");
    private static final Pattern DATASEC = Pattern.compile("^\\[\\d+\\] DATASEC '([^']*)'");
    private static final Pattern SECTION_VAR = Pattern.compile("^\\s+type_id=\\d+ offset=\\d+ size=\\d+ \\((VAR|FUNC) '([^']*)'\\)");

    record Symbol(String name, long value, String flags, String section) {
        boolean isSectionSymbol() {
            return flags.charAt(5) == 'd' && flags.charAt(6) == ' ';
        }

        boolean isFunction() {
            return flags.charAt(6) == 'F';
        }
    }

    private final Path object;
    private final Set<String> codeSections;
    private final Map<String, Symbol> symbols = new HashMap<>();
    private final List<Symbol> functions = new ArrayList<>();
    private Map<String, String> externs;

    LlvmRelocationNames(Path object, String objdump, Set<String> codeSections) {
        this.object = object;
        this.codeSections = codeSections;
        for (String line : Shell.run(objdump, "-t", object.toString()).split("\n")) {
            Matcher m = SYMBOL.matcher(line);
            if (!m.matches()) continue;
            Symbol s = new Symbol(m.group(4), Long.parseLong(m.group(1), 16), m.group(2), m.group(3));
            symbols.put(s.name(), s);
            if (s.isFunction()) functions.add(s);
        }
    }

    /** An unrelocated local call: {@code call pc+N}, with {@code #name} when a function starts there. */
    String localCall(String section, long slot, String normalised) {
        Matcher m = Pattern.compile("^call pc([+-]\\d+)$").matcher(normalised);
        if (!m.matches()) return normalised;
        return normalised + functionAt(section, slot + 1 + Long.parseLong(m.group(1))).map(f -> "#" + f).orElse("");
    }

    /**
     * A relocated instruction, from its llvm-objdump text ({@code r1 = 8 ll} or {@code call 8}), its
     * relocation type and the symbol's name.
     */
    String relocated(String section, long slot, String llvmText, String type, String symbolName) {
        Matcher load = Pattern.compile("^(r\\d+) = (-?\\d+) ll$").matcher(llvmText.strip());
        Matcher call = Pattern.compile("^call (-?\\d+)$").matcher(llvmText.strip());
        Symbol s = symbols.get(symbolName);
        if (s == null) throw new AssertionError("llvm-objdump -t lists no symbol " + symbolName);
        if (type.equals("R_BPF_64_64") && load.matches()) {
            long addend = Long.parseLong(load.group(2)) & 0xffffffffL;
            return load.group(1) + " = " + loadOperand(section, slot, s, addend);
        }
        if (type.equals("R_BPF_64_32") && call.matches()) {
            long addend = Long.parseLong(call.group(1));
            if (s.section().equals("*UND*")) return "call " + externOperand(s.name(), 0);
            return "call " + codeOperand(section, slot, s.section(), s.value() / 8 + addend + 1);
        }
        throw new AssertionError("relocation " + type + " " + symbolName + " on '" + llvmText + "'");
    }

    private String loadOperand(String section, long slot, Symbol s, long addend) {
        if (s.section().equals("*UND*")) return externOperand(s.name(), addend);
        String in = s.isSectionSymbol() ? s.name() : s.section();
        long value = s.isSectionSymbol() ? 0 : s.value();
        if (codeSections.contains(in)) return "func(" + codeOperand(section, slot, in, (value + addend) / 8) + ")";
        if (in.equals(".maps")) return "map[" + s.name() + "]";
        return "map[" + in + "][0]+" + (value + addend);
    }

    private String codeOperand(String fromSection, long fromSlot, String section, long slot) {
        Optional<String> name = functionAt(section, slot);
        if (!section.equals(fromSection)) return name.orElse(section + "+" + slot);
        long distance = slot - fromSlot - 1;
        return "pc" + (distance < 0 ? "" : "+") + distance + name.map(f -> "#" + f).orElse("");
    }

    private Optional<String> functionAt(String section, long slot) {
        return functions.stream().filter(f -> f.section().equals(section) && f.value() == slot * 8)
                .map(Symbol::name).findFirst();
    }

    private String externOperand(String name, long addend) {
        if (externs == null) externs = externs();
        String kind = externs.getOrDefault(name, "");
        switch (kind) {
            case ".kconfig VAR": return "map[.kconfig][0]+" + name + (addend == 0 ? "" : "+" + addend);
            case ".ksyms VAR": return "btf_id(" + name + ")";
            case ".ksyms FUNC": return "kernel-function#" + name;
            default: return "extern(" + name + ")";
        }
    }

    /** Undefined symbols by "DATASEC KIND", from bpftool's dump of the object's BTF. */
    private Map<String, String> externs() {
        String bpftool = KernelTests.tool("bpftool", "bpftool");
        Map<String, String> out = new HashMap<>();
        String datasec = "";
        for (String line : Shell.run(bpftool, "btf", "dump", "file", object.toString()).split("\n")) {
            Matcher sec = DATASEC.matcher(line);
            if (sec.find()) {
                datasec = sec.group(1);
                continue;
            }
            Matcher var = SECTION_VAR.matcher(line);
            if (var.find()) out.put(var.group(2), datasec + " " + var.group(1));
            else if (!line.startsWith("\t")) datasec = "";
        }
        return out;
    }
}
