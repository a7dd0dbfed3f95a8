package dev.sluice.compiler;

import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.dsl.model.Verdict;
import java.util.List;

/**
 * A compiled program with live maps, in the JVM ({@link InterpretedProgram}) or in the kernel (the
 * runtime's loaded program): tests and tools run frames and read counters and sets through this one
 * view, whichever back end holds the program.
 */
public interface RunningProgram {
    /** The image it runs: code, maps by role, counter names and event formats. */
    ProgramImage image();

    /** The verdict for one Ethernet frame (for a device program, one device access). */
    Verdict run(byte[] frame);

    /** A plain counter's value so far, summed over CPUs. */
    long counter(String name);

    /** Every counter, as {@link ImageLookups#counterValues} lists them. */
    List<CounterValue> counters();

    /** A named set of the rules, to add members to and remove them from while the program runs. */
    RunningSet set(String name);
}
