package dev.sluice.runtime;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.hooks.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The links an applied program needs, each under a key: its hook, namespace and interface (or
 * cgroup, or probe). Two applies' links with one key are the same link, updated in place; a key
 * the new rules lack is a link dropped.
 */
final class PlannedLinks {
    /** One link to make: its key, what it is in words, and how to attach it. */
    record Planned(String key, String description, Function<LoadedProgram, Link> attach) {}

    private PlannedLinks() {}

    /**
     * The links of every program in order; {@code taken} collects keys so that a second program on the
     * same hook gets a key of its own. Socket filters (which live on a socket of the command) and
     * profile sampling (a link per CPU) cannot outlive the command: an {@link IllegalArgumentException}.
     */
    static List<List<Planned>> of(List<CompiledProgram> programs, AttachPoints points) {
        Set<String> taken = new HashSet<>();
        List<List<Planned>> out = new ArrayList<>();
        for (CompiledProgram p : programs) out.add(forProgram(p, points, taken));
        return out;
    }

    private static List<Planned> forProgram(CompiledProgram p, AttachPoints points, Set<String> taken) {
        Target target = Target.of(p.hook());
        String kind = p.hookKind();
        List<Planned> out = new ArrayList<>();
        if (target == Target.SOCKET || target == Target.PROFILE) {
            throw new IllegalArgumentException(p.name() + ": a " + kind + " program cannot be applied: it lives only as long as"
                    + " the command that holds it (use sluice run)");
        }
        if (target == Target.XDP || target == Target.TC) {
            if (points.interfaces().isEmpty()) throw new IllegalArgumentException(p.name() + ": " + kind + " programs need an interface (--iface)");
            String netns = points.netns().orElse("");
            for (String iface : points.interfaces()) {
                String where = iface + (netns.isEmpty() ? "" : " in netns " + netns);
                Function<LoadedProgram, Link> attach = loaded -> inNamespace(points, () -> target == Target.XDP
                        ? loaded.attachXdp(iface, points.mode()) : loaded.attachTc(iface));
                // The XDP mode is part of the link: another mode is another link, which the kernel refuses beside the first.
                String mode = target == Target.XDP ? " " + points.mode().name().toLowerCase() : "";
                out.add(new Planned(unique(kind + mode + " " + netns + " " + iface, taken), kind + mode + " on " + where, attach));
            }
        } else if (target.onCgroup()) {
            java.nio.file.Path cgroup = points.cgroup()
                    .orElseThrow(() -> new IllegalArgumentException(p.name() + ": " + kind + " programs need a cgroup"));
            out.add(new Planned(unique(kind + " " + cgroup, taken), kind + " on " + cgroup, loaded -> loaded.attachCgroup(cgroup)));
        } else {
            out.add(new Planned(unique(p.section(), taken), p.section(), LoadedProgram::attachProbe));
        }
        return out;
    }

    private static String unique(String key, Set<String> taken) {
        String candidate = key;
        for (int n = 2; !taken.add(candidate); n++) candidate = key + " #" + n;
        return candidate;
    }

    private static Link inNamespace(AttachPoints points, java.util.concurrent.Callable<Link> attach) {
        if (points.netns().isPresent()) return NetworkNamespace.call(points.netns().get(), attach);
        try {
            return attach.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
