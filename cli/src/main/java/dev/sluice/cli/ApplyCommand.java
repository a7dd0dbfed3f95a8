package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.runtime.AppliedRules;
import dev.sluice.runtime.ApplyRequest;
import dev.sluice.runtime.ApplyStep;
import dev.sluice.runtime.AttachPoints;
import dev.sluice.runtime.Interfaces;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.NetworkNamespace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code sluice apply FILE [--iface IF]... [--netns NS] [--mode M] [--name NAME] [--cgroup PATH]}:
 * the rules compiled, verified, attached through bpf links and pinned under
 * /sys/fs/bpf/sluice/NAME, where they keep running after the command exits; applying again
 * replaces them as one transaction (AppliedRules).
 */
final class ApplyCommand implements Callable<Integer> {
    Path file;
    List<String> interfaces;
    String netns;
    String mode;
    String name;
    Path cgroup;
    boolean debug;
    CommandSpec spec;

    CommandSpec model() {
        spec = CommandModel.of("apply", this, "Attaches every program through bpf links and pins it under /sys/fs/bpf/sluice/NAME, "
                        + "where it keeps running after the command exits; applying again replaces the rules in one transaction.")
                .parameter("FILE", Path.class, "the rules: FILE.ebpf or FILE.java", v -> file = v)
                .list(OptionSpec.builder("--iface").paramLabel("IF")
                        .description("an interface XDP and tc programs attach to (repeatable)"), () -> interfaces, v -> interfaces = v)
                .option(OptionSpec.builder("--netns").paramLabel("NS").type(String.class)
                        .description("attach inside network namespace NS (ip netns); pins stay on the host's bpffs"), (String v) -> netns = v)
                .option(AttachOptions.modeOption(), (String v) -> mode = v)
                .option(OptionSpec.builder("--name").paramLabel("NAME").type(String.class)
                        .description("the name the rules are applied under (default: the file name, dots as _)"), (String v) -> name = v)
                .option(AttachOptions.cgroupOption(), (Path v) -> cgroup = v)
                .debugOption(v -> debug = v)
                .spec();
        return spec;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String applied = AppliedName.of(name, file, spec.commandLine());
        AttachOptions.requireNamespace(netns, spec.commandLine());
        List<String> ifaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        CompiledRules rules = CompiledRules.of(file, err);
        AttachPoints points = points(rules.programs(), ifaces);
        String script = rules.asScript().orElseThrow(() -> new CliFailure(ExitCodes.SCRIPT_ERROR,
                file + ": apply keeps the rules as a script, and these cannot be written as one"));
        ApplyRequest request = new ApplyRequest(AppliedRoot.path(), applied, file.toAbsolutePath().toString(), sha256(file),
                script, rules.programs(), points, Map.of(), UndeclaredMembers.since(applied, rules.programs(), err), ApplyCommand::killSwitch);
        long started = System.nanoTime();
        apply(request, spec, debug);
        err.printf("sluice: applied %s (%d program%s) in %.0f ms; see sluice status %s%n", applied, rules.programs().size(),
                rules.programs().size() == 1 ? "" : "s", (System.nanoTime() - started) / 1e6, applied);
        return ExitCodes.OK;
    }

    /** Runs the transaction; the kernel refusing, or an attach point that is not there, is exit 3 and changes nothing. */
    static void apply(ApplyRequest request, CommandSpec spec, boolean debug) {
        try {
            AppliedRules.apply(request);
        } catch (KernelException | IllegalArgumentException e) {
            if (debug) e.printStackTrace(spec.commandLine().getErr());
            throw new CliFailure(ExitCodes.KERNEL_REFUSED, e.getMessage() + "; nothing was changed");
        }
    }

    private AttachPoints points(List<CompiledProgram> programs, List<String> ifaces) {
        List<String> onInterface = new ArrayList<>();
        boolean onCgroup = false;
        for (CompiledProgram p : programs) {
            Target target = Target.of(p.hook());
            if (!appliable(p)) {
                throw new ParameterException(spec.commandLine(), p.name() + ": " + p.hookKind() + " programs live only as long as the"
                        + " command holding them and cannot be applied; use sluice run");
            }
            if (target == Target.XDP || target == Target.TC) onInterface.add(p.name());
            onCgroup |= target.onCgroup();
        }
        if (!onInterface.isEmpty() && ifaces.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--iface is required: " + String.join(", ", onInterface)
                    + (onInterface.size() == 1 ? " attaches" : " attach") + " to a network interface");
        }
        for (String iface : ifaces) {
            try {
                if (netns == null) Interfaces.index(iface);
                else NetworkNamespace.call(netns, () -> Interfaces.index(iface));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--iface: no network interface named " + iface
                        + (netns == null ? "" : " in network namespace " + netns));
            }
        }
        Optional<Path> cgroupPath = onCgroup ? Optional.of(AttachOptions.cgroupPath(cgroup, spec.commandLine())) : Optional.empty();
        return new AttachPoints(ifaces, Optional.ofNullable(netns), AttachOptions.xdpMode(mode, spec.commandLine()), cgroupPath);
    }

    /**
     * Whether apply (and run --watch, which applies) can attach {@code p}: through a bpf link, which
     * outlives the command when pinned and swaps programs in place. Socket filters sit on a socket the
     * command holds, and profile programs on perf events it holds.
     */
    static boolean appliable(CompiledProgram p) {
        Target target = Target.of(p.hook());
        return target != Target.SOCKET && target != Target.PROFILE;
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.io.IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": cannot read: " + Messages.of(e));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * The crash test hook: with SLUICE_APPLY_KILL_AT=STEP (an {@link ApplyStep} name) in the
     * environment, the command sends itself SIGKILL on reaching that step, as a power cut or an
     * OOM kill would stop it. Nothing else reads the variable.
     */
    static void killSwitch(ApplyStep step) {
        if (!step.name().equals(System.getenv("SLUICE_APPLY_KILL_AT"))) return;
        try {
            new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(10_000);
        } catch (java.io.IOException | InterruptedException e) {
            Runtime.getRuntime().halt(137);
        }
        Runtime.getRuntime().halt(137);
    }
}
