package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.PacketField;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a trace program's preamble reads beyond the task and registers: tracepoint record words
 * (args.NAME, by offset and size from the format file) into {@link PacketField#RECORD_WORDS}, and a
 * string for {@code str(...)} into {@link PacketField#STR}, read from the address a field holds; and
 * the architecture whose {@code struct pt_regs} layout arg0..arg5, retval and pc are read from.
 */
public record TraceSetup(List<RecordWord> recordWords, Optional<StringRead> string, dev.sluice.compiler.trace.PtRegs arch) {
    public static final TraceSetup NONE = new TraceSetup(List.of(), Optional.empty());

    /** For the machine the compiler runs on. */
    public TraceSetup(List<RecordWord> recordWords, Optional<StringRead> string) {
        this(recordWords, string, dev.sluice.compiler.trace.PtRegs.host());
    }

    /** A record field: byte offset, size (1, 2, 4 or 8) and signedness. */
    public record RecordWord(int offset, int size, boolean signed) {
        public RecordWord {
            if (size != 1 && size != 2 && size != 4 && size != 8) throw new IllegalArgumentException("field size " + size);
        }
    }

    /** str(address): from user memory (syscall arguments, uprobes) or kernel memory (kprobes). */
    public record StringRead(PacketField address, boolean user) {
        public StringRead {
            Objects.requireNonNull(address);
        }
    }

    public TraceSetup {
        recordWords = List.copyOf(recordWords);
        Objects.requireNonNull(string);
        Objects.requireNonNull(arch);
        if (recordWords.size() > PacketField.RECORD_WORDS.length) {
            throw new IllegalArgumentException("at most " + PacketField.RECORD_WORDS.length + " tracepoint fields per program");
        }
    }
}
