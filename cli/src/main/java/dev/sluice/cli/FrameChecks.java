package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.testing.Frame;
import dev.sluice.testing.Shrinking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The checks {@code sluice test} makes on every frame: each {@code --property}, and with
 * {@code --kernel} the interpreter's agreement with the kernel. A check's first violation is shrunk
 * to the smallest frame that still violates it and reported; later ones are counted.
 */
final class FrameChecks implements AutoCloseable {
    /** A check's first violation: what it says, at which packet, the frame as run and shrunk. */
    record Violation(String check, int packet, Frame frame, Frame shrunk, String detail) {}

    private final List<CompiledProgram> programs;
    private final List<PropertySpec> properties;
    private final boolean kernel;
    private final FrameVerdicts verdicts = new FrameVerdicts();
    private final Map<String, Violation> first = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<Frame> violating = new ArrayList<>();

    FrameChecks(List<CompiledProgram> programs, List<PropertySpec> properties, boolean kernel) {
        this.programs = List.copyOf(programs);
        this.properties = List.copyOf(properties);
        this.kernel = kernel;
    }

    /** Whether there is anything to check (else the frames need not be kept). */
    boolean active() {
        return !properties.isEmpty() || kernel;
    }

    /** Checks one frame, given the verdict names the printed run gave it, program by program. */
    void check(int packet, Frame frame, List<String> printed, Optional<Shrinking.Drawn> drawn) {
        boolean violates = false;
        for (PropertySpec p : properties) {
            String got = printed.get(programs.indexOf(p.program()));
            if (got.equals("error") || p.satisfiedBy(got) || !p.condition().holds(frame)) continue;
            violates = true;
            record("property \"" + p.text() + "\"", packet, frame, drawn, f -> {
                if (!p.condition().holds(f)) return false;
                String v = verdicts.of(p.program(), f.bytes(), kernel);
                return !v.equals("error") && !p.satisfiedBy(v);
            }, f -> p.program().name() + " gives " + verdicts.of(p.program(), f.bytes(), kernel) + ", not " + p.verdict());
        }
        if (kernel) {
            for (int i = 0; i < programs.size(); i++) {
                CompiledProgram program = programs.get(i);
                String inKernel = printed.get(i);
                if (inKernel.equals("error") || inKernel.equals(verdicts.interpreted(program, frame.bytes()))) continue;
                violates = true;
                record("interpreter/kernel agreement of " + program.name(), packet, frame, drawn, f -> disagree(program, f),
                        f -> "interpreter " + verdicts.interpreted(program, f.bytes()) + ", kernel " + verdicts.kernel(program, f.bytes()));
            }
        }
        if (violates) violating.add(frame);
    }

    private boolean disagree(CompiledProgram program, Frame f) {
        String k = verdicts.kernel(program, f.bytes());
        return !k.equals("error") && !k.equals(verdicts.interpreted(program, f.bytes()));
    }

    private void record(String check, int packet, Frame frame, Optional<Shrinking.Drawn> drawn, Predicate<Frame> fails,
                        java.util.function.Function<Frame, String> detail) {
        counts.merge(check, 1, Integer::sum);
        if (first.containsKey(check)) return;
        Frame shrunk = drawn.map(d -> d.smallest(fails)).orElseGet(() -> shortestPrefix(frame, fails));
        first.put(check, new Violation(check, packet, frame, shrunk, detail.apply(shrunk)));
    }

    /** A captured frame has no structure to shrink: its shortest prefix that still fails. */
    private static Frame shortestPrefix(Frame frame, Predicate<Frame> fails) {
        for (int n = 0; n < frame.length(); n++) {
            Frame cut = frame.cut(n);
            if (fails.test(cut)) return cut;
        }
        return frame;
    }

    /** The first violation of each check that failed, in the order they were found. */
    List<Violation> violations() {
        return List.copyOf(first.values());
    }

    /** How many frames violated {@code check}. */
    int count(String check) {
        return counts.getOrDefault(check, 0);
    }

    /** The shrunk frame of each reported violation, then every violating frame as it was run. */
    List<byte[]> failureFrames() {
        List<byte[]> out = new ArrayList<>();
        for (Violation v : first.values()) out.add(v.shrunk().bytes());
        for (Frame f : violating) out.add(f.bytes());
        return out;
    }

    /** Each violation as lines for stderr: {@code sluice: CHECK fails ...}, the frame's summary and hex. */
    String report(int frames) {
        StringBuilder out = new StringBuilder();
        for (Violation v : first.values()) {
            out.append("sluice: ").append(v.check()).append(" fails on packet ").append(v.packet()).append(" (")
                    .append(count(v.check())).append(" of ").append(frames).append(" frames); smallest failing frame, ")
                    .append(v.shrunk().length()).append(" bytes: ").append(v.detail()).append('\n')
                    .append("  ").append(v.shrunk().summary()).append('\n')
                    .append("  ").append(v.shrunk().hex()).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        verdicts.close();
    }
}
