package dev.sluice.runtime;

import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verifier refused a program. Carries the whole log, the line that says why, and the index of
 * the instruction it was looking at (the last {@code N: (xx) ...} line before the error).
 */
public final class VerifierException extends BpfException {
    private static final Pattern INSTRUCTION = Pattern.compile("^(\\d+): \\([0-9a-f]{2}\\)");
    private static final Pattern PROCESSED = Pattern.compile("^processed \\d+ insns");

    private final String log;
    private final String reason;
    private final OptionalInt instruction;

    /**
     * A rejection of {@code program} with the kernel's {@code errno} and whole verifier {@code log}; the
     * reason and failing instruction are read from the log.
     */
    public VerifierException(String program, int errno, String log) {
        this(program, errno, log, reasonOf(log), instructionOf(log));
    }

    private VerifierException(String program, int errno, String log, String reason, OptionalInt instruction) {
        super(BpfCommand.PROG_LOAD, errno, "the kernel verifier rejected " + program + " (" + Errno.name(errno) + ")"
                + (instruction.isPresent() ? " at instruction " + instruction.getAsInt() : "") + ": " + reason);
        this.log = log;
        this.reason = reason;
        this.instruction = instruction;
    }

    /** The verifier's whole log, as the kernel wrote it. */
    public String log() {
        return log;
    }

    /** The verifier's own words for the failure, e.g. {@code R0 !read_ok}. */
    public String reason() {
        return reason;
    }

    /** The index (in 8-byte slots) of the instruction the verifier failed on, when the log names one. */
    public OptionalInt instruction() {
        return instruction;
    }

    /**
     * The lines that say what went wrong: the last {@code count} lines of the log before its
     * statistics (the failing instruction, the register state the verifier had, its complaint).
     */
    public List<String> relevantLines(int count) {
        List<String> lines = log.lines().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
        int end = lines.size();
        while (end > 0 && isStatistics(lines.get(end - 1).strip())) end--;
        return lines.subList(Math.max(0, end - count), end);
    }

    private static boolean isStatistics(String line) {
        return PROCESSED.matcher(line).find() || line.startsWith("verification time") || line.startsWith("stack depth")
                || line.startsWith("max_states_per_insn");
    }

    static String reasonOf(String log) {
        List<String> lines = log.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (!isStatistics(line)) return line;
        }
        return "no verifier log";
    }

    static OptionalInt instructionOf(String log) {
        OptionalInt last = OptionalInt.empty();
        for (String line : log.split("\n")) {
            Matcher m = INSTRUCTION.matcher(line);
            if (m.find()) last = OptionalInt.of(Integer.parseInt(m.group(1)));
        }
        return last;
    }
}
