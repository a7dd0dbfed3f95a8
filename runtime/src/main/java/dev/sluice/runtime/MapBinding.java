package dev.sluice.runtime;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiled code refers to maps by index (a 64-bit load with source MAP_FD or MAP_VALUE whose low
 * 32 bits are the index); loading needs their file descriptors instead.
 */
public final class MapBinding {
    private MapBinding() {}

    /**
     * {@code code} with each map index replaced by the file descriptor of {@code maps.get(index)}; an index
     * without a map is an {@link IllegalArgumentException}.
     */
    public static Code bind(Code code, List<BpfMap> maps) {
        List<Instruction> out = new ArrayList<>(code.size());
        for (Instruction insn : code.instructions()) {
            if (insn instanceof Instruction.LoadImm64 l && (l.source() == Pseudo.MAP_FD || l.source() == Pseudo.MAP_VALUE)) {
                int index = (int) l.imm();
                if (index < 0 || index >= maps.size()) {
                    throw new IllegalArgumentException("code refers to map #" + index + " but " + maps.size() + " are bound");
                }
                long fd = maps.get(index).fd() & 0xffffffffL;
                out.add(new Instruction.LoadImm64(l.dst(), l.source(), (l.imm() & 0xffffffff00000000L) | fd));
            } else {
                out.add(insn);
            }
        }
        return new Code(out);
    }
}
