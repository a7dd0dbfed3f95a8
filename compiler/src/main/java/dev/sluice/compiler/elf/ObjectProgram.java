package dev.sluice.compiler.elf;

import dev.sluice.compiler.image.SourceMark;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.dsl.model.SourceLocation;
import java.util.List;

/**
 * What an object file needs of one compiled program: its name and section, where its source
 * starts, its code with maps referred to by index into {@link #maps()}, and the source marks that
 * become line info. The compiler's programs provide it; the object writer depends on nothing above it.
 */
public interface ObjectProgram {
    /** The program's name, its symbol in the object. */
    String name();

    /** The section libbpf reads the program type and attach point from. */
    String section();

    /** The hook kind, named in line info when the source line is not known. */
    String hookKind();

    /** Where the program is written. */
    SourceLocation location();

    /** The instructions, maps referred to by their index in {@link #maps()}. */
    Code code();

    /** The maps the code refers to, by index. */
    List<MapDefinition> maps();

    /** Which instructions begin which statements. */
    List<SourceMark> marks();
}
