package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.runtime.AppliedRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a re-apply takes out of each carried-over named set: the members the script applied before
 * declared (inline or from its set file, as its record keeps them written out) and the new rules
 * no longer declare. Members added while the rules ran are not in either script, so they stay;
 * one that was added and also declared, then undeclared, goes.
 */
final class UndeclaredMembers {
    private UndeclaredMembers() {}

    /**
     * For {@link dev.sluice.runtime.ApplyRequest#undeclared()}: the applied record's script compiled
     * again and compared with {@code now}. A record that no longer compiles takes nothing out, and
     * one line on {@code err} says so.
     */
    static Function<AppliedRecord, Map<String, List<String>>> since(String name, List<CompiledProgram> now, PrintWriter err) {
        return before -> {
            List<CompiledProgram> programs;
            try {
                programs = AppliedScript.compile(name, before);
            } catch (CliFailure f) {
                err.println("sluice: warning: " + f.text().lines().findFirst().orElse(f.text()).replaceFirst("^sluice: ", "")
                        + "; its named sets keep the members it declared");
                err.flush();
                return Map.of();
            }
            Map<String, Set<String>> declared = declared(now);
            Map<String, List<String>> out = new TreeMap<>();
            declared(programs).forEach((set, members) -> {
                Set<String> gone = new TreeSet<>(members);
                gone.removeAll(declared.getOrDefault(set, Set.of()));
                if (!gone.isEmpty()) out.put(set, List.copyOf(gone));
            });
            return out;
        };
    }

    /** Each named set's members as the programs' set maps start with them, written as in a script. */
    static Map<String, Set<String>> declared(List<CompiledProgram> programs) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (CompiledProgram p : programs) {
            for (RoleAt<MapRole.Set> s : p.image().maps().sets()) {
                Set<String> members = out.computeIfAbsent(s.role().origin(), k -> new TreeSet<>());
                for (MapDefinition.Entry e : p.image().maps().list().get(s.index()).definition().initialEntries()) {
                    members.add(SetMemberText.of(s.role(), e.key()));
                }
            }
        }
        return out;
    }
}
