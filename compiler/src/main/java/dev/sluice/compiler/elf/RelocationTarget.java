package dev.sluice.compiler.elf;

import java.util.Optional;

/**
 * What a relocated instruction of a program section refers to, as a loader (libbpf) resolves it,
 * and the operand {@code sluice disasm} prints for it. The forms follow {@code bpftool prog dump
 * xlated} after loading, with the object's names where the kernel has ids or numbers it picks at
 * load time: bpftool's {@code map[id:7]} is {@code map[counts]}, its {@code map[id:8][0]+16} is
 * {@code map[.rodata][0]+16}, its {@code call pc+9#bpf_prog_..._scaled} is {@code call pc+9#scaled}.
 */
public sealed interface RelocationTarget {

    /** The operand text for an instruction at {@code fromSlot} of section {@code fromSection}. */
    String operand(int fromSection, long fromSlot);

    /** A map defined in {@code .maps} or {@code maps}: the loader puts its fd in the load. */
    record MapSymbol(String name) implements RelocationTarget {
        @Override
        public String operand(int fromSection, long fromSlot) {
            return "map[" + name + "]";
        }
    }

    /**
     * A byte of a global-data section ({@code .data}, {@code .rodata*}, {@code .bss}, ...): the
     * loader makes the section an array map of one value and the load a pointer into that value
     * (BPF_PSEUDO_MAP_VALUE). The offset is the symbol's value plus the load's addend.
     */
    record DataValue(String section, long offset) implements RelocationTarget {
        @Override
        public String operand(int fromSection, long fromSlot) {
            return "map[" + section + "][0]+" + offset;
        }
    }

    /**
     * A {@code __kconfig} extern: a pointer into the loader's {@code .kconfig} map, at an offset
     * the loader lays out, so the variable's name stands for the offset.
     */
    record KconfigValue(String name, long addend) implements RelocationTarget {
        @Override
        public String operand(int fromSection, long fromSlot) {
            return "map[.kconfig][0]+" + name + (addend == 0 ? "" : (addend < 0 ? "" : "+") + addend);
        }
    }

    /** A {@code __ksym} variable: the loader puts its BTF id in the load (BPF_PSEUDO_BTF_ID). */
    record KernelVariable(String name) implements RelocationTarget {
        @Override
        public String operand(int fromSection, long fromSlot) {
            return "btf_id(" + name + ")";
        }
    }

    /** A {@code __ksym} function: the loader puts its BTF id in the call (BPF_PSEUDO_KFUNC_CALL). */
    record KernelFunction(String name) implements RelocationTarget {
        @Override
        public String operand(int fromSection, long fromSlot) {
            return "kernel-function#" + name;
        }
    }

    /**
     * An instruction of an executable section, the target of a bpf-to-bpf call or of a function
     * pointer load. From the same section it is {@code pc+N} (N counted from the next slot, as the
     * kernel counts), followed by {@code #name} when a function symbol starts there; from another
     * section, where the distance is only known once the loader has appended the code, it is the
     * function's name, or {@code section+slot}.
     */
    record CodeAt(int section, String sectionName, long slot, Optional<String> function) implements RelocationTarget {
        @Override
        public String operand(int fromSection, long fromSlot) {
            if (fromSection == section) {
                long distance = slot - fromSlot - 1;
                return "pc" + (distance < 0 ? "" : "+") + distance + function.map(f -> "#" + f).orElse("");
            }
            return function.orElseGet(() -> sectionName + "+" + slot);
        }
    }

    /** An undefined symbol that is neither a kconfig nor a ksym extern (a static linker's business). */
    record Extern(String name) implements RelocationTarget {
        @Override
        public String operand(int fromSection, long fromSlot) {
            return "extern(" + name + ")";
        }
    }
}
