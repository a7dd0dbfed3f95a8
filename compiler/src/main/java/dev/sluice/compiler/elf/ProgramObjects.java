package dev.sluice.compiler.elf;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiled programs as one object file: a section per program named as libbpf expects for its
 * type, the programs' maps side by side (each program's map indexes shifted past the maps before
 * it; a name used twice gets the program's number), and the program's source position on its
 * first instruction.
 */
public final class ProgramObjects {
    /** The kernel keeps 15 characters of a map name. */
    private static final int NAME_LIMIT = 15;

    private ProgramObjects() {}

    /** The object for {@code programs}, its line info without source text (a program's first line reads HOOK NAME). */
    public static BpfObject of(List<? extends ObjectProgram> programs) {
        return of(programs, at -> "");
    }

    /**
     * With line info for every rule: {@code lineText} gives the source line a location points into
     * (bpftool prints it beside the instructions), or an empty string when it is not known.
     */
    public static BpfObject of(List<? extends ObjectProgram> programs, java.util.function.Function<SourceLocation, String> lineText) {
        List<BpfObject.ProgramSection> sections = new ArrayList<>();
        List<BpfObject.MapDefinition> maps = new ArrayList<>();
        List<BpfObject.MapEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int p = 0; p < programs.size(); p++) {
            ObjectProgram program = programs.get(p);
            int base = maps.size();
            for (MapDefinition m : program.maps()) {
                String name = m.spec().name();
                if (name.length() > NAME_LIMIT) name = name.substring(0, NAME_LIMIT);
                for (int n = p + 1; !names.add(name); n++) {
                    String suffix = "_" + n;
                    name = (m.spec().name().length() + suffix.length() > NAME_LIMIT
                            ? m.spec().name().substring(0, NAME_LIMIT - suffix.length()) : m.spec().name()) + suffix;
                }
                maps.add(new BpfObject.MapDefinition(name, m.spec().type().number(), m.spec().keySize(), m.spec().valueSize(),
                        m.spec().maxEntries(), m.spec().flags()));
                for (MapDefinition.Entry e : m.initialEntries()) entries.add(new BpfObject.MapEntry(name, e.key(), e.value()));
            }
            var at = program.location();
            List<BpfObject.SourceLine> lines = new ArrayList<>();
            String header = lineText.apply(at);
            lines.add(new BpfObject.SourceLine(0, at.file(), Math.max(1, at.line()), Math.max(0, at.column()),
                    header.isEmpty() ? program.hookKind() + " " + program.name() : header));
            for (var mark : program.marks()) {
                // One line_info record per instruction: a later mark at the same place wins.
                if (mark.instruction() == lines.get(lines.size() - 1).instruction()) lines.remove(lines.size() - 1);
                var m = mark.at();
                var previous = lines.get(lines.size() - 1);
                // Statements of one line (a rule and its actions) share the line's record.
                if (previous.file().equals(m.file()) && previous.line() == m.line()) continue;
                String text = lineText.apply(m);
                lines.add(new BpfObject.SourceLine(mark.instruction(), m.file(), Math.max(1, m.line()), Math.max(0, m.column()),
                        text.isEmpty() ? m.toString() : text));
            }
            sections.add(new BpfObject.ProgramSection(program.section(), program.name(), shifted(program.code(), base), lines));
        }
        return new BpfObject(sections, maps, "GPL", entries);
    }

    private static Code shifted(Code code, int base) {
        if (base == 0) return code;
        List<Instruction> out = new ArrayList<>(code.instructions().size());
        for (Instruction insn : code.instructions()) {
            if (insn instanceof Instruction.LoadImm64 l && l.source() == Pseudo.MAP_FD) {
                out.add(new Instruction.LoadImm64(l.dst(), l.source(), l.imm() + base));
            } else {
                out.add(insn);
            }
        }
        return new Code(out);
    }
}
